import * as vscode from 'vscode';
import { TracesFeed, traceRow } from '../../src/extension/traces/feed';
import { test } from './harness';
import { assert, closeEditors, openSample, waitFor } from './util';

const tabs = () =>
  vscode.window.tabGroups.all.flatMap((g) =>
    g.tabs.map((tab) => (tab.input instanceof vscode.TabInputWebview ? `webview:${tab.input.viewType}` : tab.label)),
  );
const hasTab = (viewType: string) => tabs().some((l) => l.startsWith('webview:') && l.endsWith(viewType));

test('threadline.showTraces: the panel lists the groupsPage rows; a click opens the timeline', async () => {
  const t = await openSample();
  await closeEditors();
  await vscode.commands.executeCommand('threadline.showTraces');
  await waitFor('a Traces tab', () => hasTab('threadline.traces'), 20_000).catch((e: unknown) => {
    throw new Error(`${String(e)}; tabs: ${tabs().join(', ')}`);
  });
  const panel = t.traces!.panel!;
  // the page loaded under its CSP and speaks the protocol: rows and the scatter's points
  await waitFor('the page is ready', () => panel.received.some((m) => m.type === 'tracesReady'), 20_000);
  const page = await waitFor('the first rows', () => panel.lastPage, 20_000);
  await waitFor('the scatter asked', () => panel.received.some((m) => m.type === 'tracesPoints'), 20_000);
  assert.deepEqual(page.query.by, { kind: 'trace' });
  const expected = t.host.session.groupsPage(
    { by: { kind: 'trace' }, filter: page.query.filter, sort: page.query.sort, descending: page.query.descending },
    { offset: 0, limit: page.answer.rows.length },
  );
  assert.ok(expected.total > 0);
  assert.equal(page.answer.total, expected.total);
  assert.deepEqual(page.answer.rows, expected.items.map(traceRow));
  // a filter given to the command reaches the page, and the page asks with it
  await vscode.commands.executeCommand('threadline.showTraces', { query: 'level>=error' });
  const filtered = await waitFor(
    'the filtered rows',
    () =>
      panel.lastPage?.query.filter === 'level>=error' && panel.lastPage.answer.pending === 0
        ? panel.lastPage
        : undefined,
    20_000,
  );
  const errs = t.host.session.groupsPage({ by: { kind: 'trace' }, filter: 'level>=error' }, { limit: 0 });
  assert.equal(filtered.answer.total, errs.total);
  // a row's Enter / a dot's click, as the page posts them: the timeline opens on that group
  await closeEditors();
  const first = page.answer.rows[0]!;
  await panel.receive({ type: 'tracesOpen', by: { kind: 'trace' }, target: { id: first.id } });
  await waitFor('a timeline tab', () => hasTab('threadline.timeline'), 20_000).catch((e: unknown) => {
    throw new Error(`${String(e)}; tabs: ${tabs().join(', ')}`);
  });
  // a dot: the host finds the group by its place among the query's groups in start order
  const q = { by: { kind: 'trace' } as const, filter: '', sort: 'start' as const, descending: false };
  const second = t.host.session.groupsPage(q, { offset: 1, limit: 1 }).items[0]!;
  assert.deepEqual(new TracesFeed(t.host.session).pointGroup(q, 1), { by: { kind: 'trace' }, id: second.id });
  await closeEditors();
  await panel.receive({ type: 'tracesOpen', by: { kind: 'trace' }, target: { point: 1, query: q } });
  await waitFor('a timeline tab for the dot', () => hasTab('threadline.timeline'), 20_000);
  // Show Logs on a row scopes the Logs view to that group; the toolbar's Show Logs carries the filter over
  const logs = t.logs!.provider;
  await panel.receive({ type: 'tracesShowLogs', group: { by: { kind: 'trace' }, id: first.id }, label: 'x' });
  await waitFor('the Logs view scoped to the row', () => logs.lastPage?.query.scope?.group.id === first.id, 20_000);
  await panel.receive({ type: 'tracesFilterLogs', filter: 'level>=error' });
  await waitFor(
    'the Logs view filtered, unscoped',
    () => logs.lastPage?.query.filter === 'level>=error' && logs.lastPage.query.scope === null,
    20_000,
  );
  await closeEditors();
});

test('Traces table, live: records that arrive reach the open table (throttled), without being asked', async () => {
  const t = await openSample();
  await closeEditors();
  const panel = await t.traces!.show({ query: '' });
  await waitFor('the first rows', () => (panel.lastPage?.query.filter === '' ? panel.lastPage : undefined), 20_000);
  const before = panel.lastPage!.answer.total;
  const sink = t.host.session.addStream('traces-live-test');
  const at = Date.parse('2024-05-01T09:00:00Z');
  for (let i = 0; i < 3; i++) {
    const line = { time: new Date(at + i).toISOString(), level: 'info', msg: 'live', trace_id: `live-${i}` };
    sink.write(`${JSON.stringify(line)}\n`);
  }
  await waitFor('the table grew by three traces', () => panel.lastPage!.answer.total === before + 3, 20_000);
  sink.end();
  await closeEditors();
});
