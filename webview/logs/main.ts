// Logs view entry: styles and the app. The page's only way out is the host protocol (client.ts).
import './logs.css';
import { LogsApp } from './app';

const root = document.getElementById('logs-root') ?? document.body.appendChild(document.createElement('main'));
root.classList.add('lv');
const app = new LogsApp(root);

// Tests and the benchmark reach the app only when their page asks for it before this script runs.
const w = window as unknown as { __threadlineTestHook?: boolean; __threadlineLogs?: unknown };
if (w.__threadlineTestHook) w.__threadlineLogs = app;
