import * as vscode from 'vscode';
import type { RecordNode } from '../../src/extension/tree/nodes';
import { test } from './harness';
import { assert, api, children, openSample, waitFor } from './util';

test('threadline.showLogs: the Logs view opens in the panel and applies a query given to the command', async () => {
  const t = await openSample();
  await vscode.commands.executeCommand('threadline.showLogs', { query: 'level>=warn' });
  const logs = t.logs!.provider;
  // the page loaded under its CSP and speaks the protocol
  await waitFor('the Logs view page is ready', () => logs.received.some((m) => m.type === 'logsReady'), 20_000);
  assert.ok(
    logs.received.some((m) => m.type === 'logsPage'),
    `the page asked for rows: ${logs.received.map((m) => m.type).join(', ')}`,
  );
  const page = await waitFor(
    'the view answered the query',
    () => (logs.lastPage?.query.filter === 'level>=warn' ? logs.lastPage : undefined),
    20_000,
  );
  const expected = t.host.session.query({ filter: 'level>=warn' }, { limit: 0 }).total;
  assert.ok(expected > 0);
  assert.equal(page.total, expected);
  assert.equal(page.problem, null);
  // an invalid query is answered with where the mistake is
  await vscode.commands.executeCommand('threadline.showLogs', { query: 'level:loud' });
  const bad = await waitFor(
    'the invalid query answered',
    () => (logs.lastPage?.query.filter === 'level:loud' ? logs.lastPage : undefined),
    20_000,
  );
  assert.equal(bad.problem?.column, 7);
  await vscode.commands.executeCommand('threadline.showLogs', { query: '' });
  await waitFor('filter cleared', () => logs.lastPage?.query.filter === '', 20_000);
});

test('Logs view ↔ tree: a record chosen in one is shown in the other, both ways', async () => {
  const t = await openSample();
  await vscode.commands.executeCommand('threadline.showLogs', { query: '' });
  const logs = t.logs!.provider;
  await waitFor('the view is ready', () => logs.lastPage?.query.filter === '', 20_000);
  // tree → logs
  const group = children(t).find((n) => n.type === 'group')!;
  const span = children(t, group).find((n) => n.type === 'span');
  const record =
    children(t, span ?? group).find((n): n is RecordNode => n.type === 'record') ??
    children(t, children(t, span!)[0]).find((n): n is RecordNode => n.type === 'record')!;
  // the Groups view selects only while it is visible; another node first, so that choosing the record is a
  // change of selection whatever earlier tests left
  await vscode.commands.executeCommand('workbench.view.extension.threadline');
  await waitFor('the Groups view visible', () => t.groupsView.visible);
  // A reveal made while the tree refreshes (the sample was just opened) can lose its selection: choose again
  // until the view has asked where the record is, as a person clicking a second time would.
  const located = () => logs.received.some((m) => m.type === 'logsLocate' && m.id === record.recordId);
  for (let attempt = 0; attempt < 10 && !located(); attempt++) {
    await t.groupsView.reveal(group, { select: true, focus: false });
    await t.groupsView.reveal(record, { select: true, focus: false });
    await waitFor('the view located the record', located, 2_000).catch(() => undefined);
  }
  const seen = logs.received.slice(-12).map((m) => JSON.stringify(m).slice(0, 160));
  assert.ok(located(), `the view located record ${record.recordId}; last messages from the page:\n${seen.join('\n')}`);
  // logs → tree: the page's selection message, as it posts it
  const other = t.host.session.query({ filter: 'level>=warn' }, { limit: 1 }).items[0]!;
  await logs.receive({ type: 'logsSelect', id: other.id });
  await waitFor(
    'the tree selected the record',
    () => t.groupsView.selection.some((n) => n.type === 'record' && n.recordId === other.id),
    20_000,
  );
});

test('threadline.showLogs from a group in the tree scopes the view to that group', async () => {
  const t = await api();
  const group = children(t).find((n) => n.type === 'group')!;
  await vscode.commands.executeCommand('threadline.showLogs', group);
  const logs = t.logs!.provider;
  const page = await waitFor(
    'the scoped page',
    () => (logs.lastPage?.query.scope?.group.id === group.groupId ? logs.lastPage : undefined),
    20_000,
  );
  assert.equal(
    page.total,
    t.host.session.query({ scope: { group: { by: t.host.grouping, id: group.groupId } } }, { limit: 0 }).total,
  );
  await vscode.commands.executeCommand('threadline.showLogs', { query: '' });
});

test('tree: Sort Groups By… orders the Groups view by duration or errors, and back by start', async () => {
  const t = await openSample();
  const keys = () => children(t).flatMap((n) => (n.type === 'group' ? [n.group] : []));
  const span = (g: { startNs: bigint | null; endNs: bigint | null }) =>
    g.startNs === null || g.endNs === null ? -1n : g.endNs - g.startNs;
  await vscode.commands.executeCommand('threadline.sortGroups', 'duration');
  const byDuration = await waitFor('the tree sorted by duration', () => {
    const g = keys();
    return g.length > 1 && g.every((x, i) => i === 0 || span(g[i - 1]!) >= span(x)) ? g : undefined;
  });
  assert.ok(span(byDuration[0]!) > span(byDuration[byDuration.length - 1]!));
  await vscode.commands.executeCommand('threadline.sortGroups', 'errors');
  await waitFor('the tree sorted by errors', () => {
    const g = keys();
    return g.every((x, i) => i === 0 || g[i - 1]!.errors >= x.errors) && g[0]!.errors > 0;
  });
  await vscode.commands.executeCommand('threadline.sortGroups', 'start');
  await waitFor('the tree back in start order', () => {
    const g = keys();
    return g.every((x, i) => i === 0 || (g[i - 1]!.startNs ?? 0n) <= (x.startNs ?? 0n));
  });
});
