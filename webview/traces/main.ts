// Traces table entry: styles (the Logs view's, plus the table's own) and the app. The page's only way out is the
// host protocol (shared/hostClient.ts).
import '../logs/logs.css';
import './traces.css';
import { TracesApp } from './app';

const root = document.getElementById('traces-root') ?? document.body.appendChild(document.createElement('main'));
root.classList.add('lv', 'tv');
const app = new TracesApp(root);

// Tests and the benchmark reach the app only when their page asks for it before this script runs.
const w = window as unknown as { __threadlineTestHook?: boolean; __threadlineTraces?: unknown };
if (w.__threadlineTestHook) w.__threadlineTraces = app;
