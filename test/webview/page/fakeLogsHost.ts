// Stands in for VS Code on the Logs view's test page: provides `acquireVsCodeApi` (state in sessionStorage), answers
// the page's requests with the real host-side feed over a generated session, records what the page posts, and
// sets a theme's CSS variables the way VS Code does.

import { LogsFeed } from '../../../src/extension/logs/feed';
import type { LogsHostMessage, LogsScope } from '../../../src/shared/protocol';
import { FakeQuery, type ExtraRecord } from '../fakeQuery';
import { THEMES, setTheme, type ThemeName } from './themes';

const params = new URLSearchParams(location.search);
const session = new FakeQuery(Number(params.get('records') ?? '1000'));
const feed = new LogsFeed(session);
const posted: { type: string; [k: string]: unknown }[] = [];
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
const STATE_KEY = 'threadline-logs-test-state';
if (params.has('fresh')) sessionStorage.removeItem(STATE_KEY);

function send(m: LogsHostMessage): void {
  window.postMessage(m, '*');
}

(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage(m: { type: string; requestId?: number }) {
    posted.push(m);
    if (typeof m.requestId !== 'number') return;
    // Answer asynchronously, as a real host does.
    void feed.answer(m as never).then(send);
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

(window as unknown as { fakeLogs: unknown }).fakeLogs = {
  posted,
  violations,
  setTheme,
  add(records: ExtraRecord[]) {
    return session.add(records);
  },
  append(n: number) {
    session.append(n);
    send({ type: 'logsChanged' });
  },
  changed() {
    send({ type: 'logsChanged' });
  },
  show(filter?: string, scope?: LogsScope | null, reveal?: number) {
    send({
      type: 'logsShow',
      ...(filter !== undefined ? { filter } : {}),
      ...(scope !== undefined ? { scope } : {}),
      ...(reveal !== undefined ? { reveal } : {}),
    });
  },
  reveal(id: number) {
    send({ type: 'logsReveal', id });
  },
  size() {
    return session.size;
  },
  timeMs(id: number) {
    return session.timeMs(id);
  },
};
