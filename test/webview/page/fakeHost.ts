// Stands in for VS Code on the test page: provides `acquireVsCodeApi` (state kept in sessionStorage so a
// reload is like VS Code restoring a panel), answers the webview's requests with the real host-side feed,
// records what the webview posts, and sets a theme's CSS variables the way VS Code does.

import { TimelineFeed, type TimelineSession } from '../../../src/extension/timeline/feed';
import { answerRequest } from '../../../src/extension/timeline/answer';
import { isWebviewMessage, type HostMessage, type RevealTarget } from '../../../src/shared/protocol';
import { GeneratedSession, SpecSession, type TraceSpec } from '../fakeSession';
import { THEMES, setTheme, type ThemeName } from './themes';
import type { GroupRef, PageRequest, RecordQuery } from '../../../src/core/session/api';

class MultiSession implements TimelineSession {
  readonly spec = new SpecSession([]);
  readonly generated = new Map<string, GeneratedSession>();
  spanTree(ref: GroupRef) {
    return this.generated.get(ref.id)?.spanTree() ?? this.spec.spanTree(ref);
  }
  query(q: RecordQuery, page?: PageRequest) {
    const id = q.scope && 'group' in q.scope ? q.scope.group.id : '';
    return this.generated.get(id)?.query(q, page) ?? this.spec.query(q, page);
  }
  record(id: number) {
    return this.spec.record(id);
  }
}

const session = new MultiSession();
const feed = new TimelineFeed(session);
const posted: unknown[] = [];
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
const STATE_KEY = 'threadline-test-state';

function send(m: HostMessage): void {
  window.postMessage(m, '*');
}

(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage(m: unknown) {
    posted.push(m);
    if (!isWebviewMessage(m)) return;
    if (!('requestId' in m)) return; // notifications: the tests read them from `posted`
    // Answer asynchronously, as a real host does.
    answerRequest(feed, m).then(send, (e) =>
      send({ type: 'error', requestId: m.requestId, message: String(e instanceof Error ? e.message : e) }),
    );
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

const TRACES_KEY = 'threadline-test-traces';
const savedTraces = (): TraceSpec[] => JSON.parse(sessionStorage.getItem(TRACES_KEY) ?? '[]');
if (new URLSearchParams(location.search).has('fresh')) {
  sessionStorage.removeItem(STATE_KEY);
  sessionStorage.removeItem(TRACES_KEY);
}
for (const s of savedTraces()) session.spec.add(s);
const initial = (new URLSearchParams(location.search).get('theme') ?? 'dark') as ThemeName;
setTheme(THEMES[initial] ? initial : 'dark');

(window as unknown as { fakeHost: unknown }).fakeHost = {
  posted,
  violations,
  setTheme,
  addTraces(specs: TraceSpec[]) {
    for (const s of specs) session.spec.add(s);
    feed.invalidate(specs.map((s) => s.groupId));
    // The host outlives the webview: keep the session's traces across a reload of the page.
    try {
      sessionStorage.setItem(TRACES_KEY, JSON.stringify([...savedTraces(), ...specs]));
    } catch {
      /* too big to keep: fine for one load */
    }
  },
  async generate(groupId: string, spans: number, records: number, rootShare = 0) {
    const t0 = performance.now();
    session.generated.set(groupId, new GeneratedSession(groupId, spans, records, 1, rootShare));
    const t1 = performance.now();
    await feed.openGroup(groupId);
    return { generateMs: t1 - t0, hostPrepareMs: performance.now() - t1 };
  },
  show(groupIds: string[], reveal: RevealTarget | null = null) {
    send({ type: 'show', groupIds, reveal });
  },
  reveal(target: RevealTarget) {
    send({ type: 'reveal', target });
  },
  invalidate(groupIds: string[]) {
    send({ type: 'invalidate', groupIds });
  },
  spanIndex(groupId: string, spanId: string) {
    return feed.spanIndex(groupId, spanId);
  },
  markerIndex(groupId: string, recordId: number) {
    return feed.markerIndex(groupId, recordId);
  },
  clearState() {
    sessionStorage.removeItem(STATE_KEY);
  },
};
