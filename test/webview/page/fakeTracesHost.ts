// Stands in for VS Code on the Traces table's test page: provides `acquireVsCodeApi` (state in sessionStorage),
// answers the page's requests with the real host-side feed over generated groups, records what the page posts,
// and sets a theme's CSS variables the way VS Code does.

import { TracesFeed } from '../../../src/extension/traces/feed';
import type { TracesHostMessage, TracesRequest } from '../../../src/shared/protocol';
import { FakeGroups, type ExtraGroup } from '../tracesFake';
import { THEMES, setTheme, type ThemeName } from './themes';

const params = new URLSearchParams(location.search);
const groups = new FakeGroups(Number(params.get('groups') ?? '1000'));
const feed = new TracesFeed(groups);
const posted: { type: string; [k: string]: unknown }[] = [];
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
const STATE_KEY = 'threadline-traces-test-state';
if (params.has('fresh')) sessionStorage.removeItem(STATE_KEY);

function send(m: TracesHostMessage): void {
  window.postMessage(m, '*');
}

(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage(m: { type: string; requestId?: number }) {
    posted.push(m);
    if (typeof m.requestId !== 'number') return;
    // Answer asynchronously, as a real host does.
    setTimeout(() => send(feed.answer(m as TracesRequest)), 0);
  },
  getState() {
    const s = sessionStorage.getItem(STATE_KEY);
    return s ? JSON.parse(s) : undefined;
  },
  setState(s: unknown) {
    sessionStorage.setItem(STATE_KEY, JSON.stringify(s));
  },
});
(window as unknown as { __threadlineTestHook: boolean }).__threadlineTestHook = true;

const initial = (params.get('theme') ?? 'dark') as ThemeName;
setTheme(THEMES[initial] ? initial : 'dark');

(window as unknown as { fakeTraces: unknown }).fakeTraces = {
  posted,
  violations,
  setTheme,
  add(extra: ExtraGroup[]) {
    groups.add(extra);
    send({ type: 'tracesChanged' });
  },
  append(n: number) {
    groups.append(n);
    send({ type: 'tracesChanged' });
  },
  show(filter?: string) {
    send({ type: 'tracesShow', ...(filter !== undefined ? { filter } : {}) });
  },
  pointGroup(index: number) {
    return feed.pointGroup({ by: { kind: 'trace' }, filter: '', sort: 'start', descending: false }, index);
  },
  size() {
    return groups.size;
  },
};
