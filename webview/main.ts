// Timeline webview entry: registers the few @vscode-elements controls it uses and starts the page.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import './timeline.css';
import { TimelineApp } from './app';

const root = document.getElementById('timeline-root') ?? document.body.appendChild(document.createElement('main'));
root.classList.add('tl');
const app = new TimelineApp(root);

// Tests and the benchmark reach the app only when their page asks for it before this script runs.
const w = window as unknown as { __threadlineTestHook?: boolean; __threadlineTimeline?: unknown };
if (w.__threadlineTestHook) w.__threadlineTimeline = app;
