import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SearchHit } from '../../src/core/session/api';
import type { GroupNode, RecordNode } from '../../src/extension/tree/nodes';
import { test } from './harness';
import { assert, api, children, closeEditors, openSample, sampleLines, waitFor, wsUri } from './util';
import { records } from '../support/sessionQueries';

function declinedLine() {
  return sampleLines('logs/orders.log').find((l) => String(l.message).startsWith('Payment declined'))!;
}

async function declinedRecordId(): Promise<number> {
  const t = await api();
  const l = declinedLine();
  return records(t.host.session, `trace:${l.traceId as string}`, { spanId: l.spanId as string }).items.find((r) =>
    r.message.startsWith('Payment declined'),
  )!.id;
}

test('threadline.showRecord: the record as a read-only JSON document, normalised fields first', async () => {
  await openSample();
  const id = await declinedRecordId();
  await vscode.commands.executeCommand('threadline.showRecord', id);
  const editor = await waitFor('the record editor', () =>
    vscode.window.activeTextEditor?.document.uri.scheme === 'threadline-record'
      ? vscode.window.activeTextEditor
      : undefined,
  );
  const doc = editor.document;
  assert.equal(doc.languageId, 'json');
  const json = JSON.parse(doc.getText()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json).slice(0, 4), ['time', 'timeNs', 'level', 'message']);
  const line = declinedLine();
  assert.equal(json.message, line.message);
  assert.equal(json.level, 'error');
  assert.equal(json.traceId, line.traceId);
  assert.equal((json.fields as Record<string, unknown>).caller_line_number, line.caller_line_number);
  assert.equal((json.time as string).slice(0, 23), (line['@timestamp'] as string).slice(0, 23));
  // read-only: the virtual document cannot be saved back anywhere
  await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri, new Uint8Array())));
  await closeEditors();
});

test('threadline.copyRecord: the record as JSON on the clipboard', async () => {
  await openSample();
  const id = await declinedRecordId();
  await vscode.env.clipboard.writeText('');
  await vscode.commands.executeCommand('threadline.copyRecord', id);
  // The one record shape (the CLI's and the record document's): normalised fields, then every field as read.
  const copied = JSON.parse(await vscode.env.clipboard.readText()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(copied).slice(0, 4), ['time', 'timeNs', 'level', 'message']);
  assert.equal(copied.message, declinedLine().message);
  assert.deepEqual(copied.fields, declinedLine());
});

test('threadline.exportGroup: a group as NDJSON, one record per line', async () => {
  const t = await openSample();
  const group = children(t).find((n): n is GroupNode => n.type === 'group')!;
  const target = vscode.Uri.file(path.join(os.tmpdir(), `threadline-export-${process.pid}.ndjson`));
  const r = (await vscode.commands.executeCommand('threadline.exportGroup', group, target)) as { records: number };
  const lines = fs
    .readFileSync(target.fsPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  fs.rmSync(target.fsPath, { force: true });
  assert.equal(r.records, group.group.records);
  assert.equal(lines.length, group.group.records);
  const expected = [...sampleLines('logs/checkout.ndjson'), ...sampleLines('logs/orders.log')].filter(
    (l) => (l.trace_id ?? l.traceId) === group.group.key,
  );
  assert.deepEqual(lines.map((l) => l.msg ?? l.message).sort(), expected.map((l) => l.msg ?? l.message).sort());
});

test('threadline.search: finds a message and jumps to its record in the tree', async () => {
  const t = await openSample();
  const hits = (await vscode.commands.executeCommand('threadline.search', 'Payment declined')) as SearchHit[];
  assert.ok(hits.length > 0, 'hits');
  const top = hits[0]!;
  assert.equal(top.group.id, `trace:${declinedLine().traceId as string}`);
  const sel = await waitFor('selection after the jump', () => t.groupsView.selection[0]);
  assert.equal(sel.type === 'more' ? '' : sel.groupId, top.group.id);
  if (top.recordId !== undefined) {
    await waitFor('the record selected', () => t.groupsView.selection[0]?.type === 'record');
    assert.equal(t.groupsView.selection[0]?.type === 'record' && t.groupsView.selection[0].recordId, top.recordId);
    await waitFor('record document', () => vscode.window.activeTextEditor?.document.uri.scheme === 'threadline-record');
  }
  await closeEditors();
});

test('threadline.filter / clearFilter: only matching records stay, then all return', async () => {
  const t = await openSample();
  const before = children(t)
    .filter((n): n is GroupNode => n.type === 'group')
    .reduce((n, g) => n + g.group.records, 0);
  await vscode.commands.executeCommand('threadline.filter', 'level>=error');
  assert.equal(t.host.filter, 'level>=error');
  const groups = children(t).filter((n): n is GroupNode => n.type === 'group');
  const errorLines = [...sampleLines('logs/checkout.ndjson'), ...sampleLines('logs/orders.log')].filter(
    (l) => l.level === 50 || l.level === 'ERROR',
  );
  assert.equal(
    groups.reduce((n, g) => n + g.group.records, 0),
    errorLines.length,
  );
  for (const g of groups) {
    for (const r of records(t.host.session, g.groupId, { by: t.host.grouping, filter: t.host.filter }).items)
      assert.ok(r.level === 'error' || r.level === 'fatal', `${r.message} passes the filter`);
  }
  await vscode.commands.executeCommand('threadline.clearFilter');
  assert.equal(t.host.filter, '');
  assert.equal(
    children(t)
      .filter((n): n is GroupNode => n.type === 'group')
      .reduce((n, g) => n + g.group.records, 0),
    before,
  );
});

test('threadline.filter: a filter with a mistake is refused and the filter stays', async () => {
  const t = await openSample();
  await vscode.commands.executeCommand('threadline.filter', 'declined');
  assert.equal(await vscode.commands.executeCommand('threadline.filter', 'declined /(/'), undefined);
  assert.equal(t.host.filter, 'declined');
  await vscode.commands.executeCommand('threadline.clearFilter');
});

test('threadline.clear: the session empties and the tree with it', async () => {
  const t = await openSample();
  assert.ok(children(t).length > 0);
  await vscode.commands.executeCommand('threadline.clear');
  assert.deepEqual(children(t), []);
  assert.deepEqual(t.host.session.sources(), []);
  assert.equal(t.host.hasRecords(), false);
});

test('threadline.openFile and threadline.openActive: from the Explorer and from an editor', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  await vscode.commands.executeCommand('threadline.openFile', wsUri('logs/orders.log'), [wsUri('logs/orders.log')]);
  assert.deepEqual(
    t.host.session.sources().map((s) => path.basename(s.name)),
    ['orders.log'],
  );
  await vscode.window.showTextDocument(wsUri('logs/checkout.ndjson'));
  await vscode.commands.executeCommand('threadline.openActive');
  assert.deepEqual(
    t.host.session
      .sources()
      .map((s) => path.basename(s.name))
      .sort(),
    ['checkout.ndjson', 'orders.log'],
  );
  await closeEditors();
});

test('threadline.open: a missing file is reported, not thrown', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  const r = (await vscode.commands.executeCommand('threadline.open', [wsUri('logs/does-not-exist.log')])) as unknown[];
  assert.deepEqual(r, []);
  assert.equal(t.host.hasRecords(), false);
  // the Sources view still lists the file, with its error
  assert.match(t.host.session.sources()[0]?.error ?? '', /does-not-exist\.log/);
});

test('threadline.showTimeline: opens the timeline panel for a group', async () => {
  const t = await openSample();
  const group = children(t).find((n): n is GroupNode => n.type === 'group')!;
  // not awaited: the panel is what counts, however long the webview takes to answer
  let failure: unknown = null;
  vscode.commands.executeCommand('threadline.showTimeline', group).then(undefined, (e: unknown) => (failure = e));
  const tabs = () =>
    vscode.window.tabGroups.all.flatMap((g) =>
      g.tabs.map((tab) => (tab.input instanceof vscode.TabInputWebview ? `webview:${tab.input.viewType}` : tab.label)),
    );
  await waitFor('a timeline tab', () => {
    if (failure) throw failure;
    return tabs().some((l) => l.startsWith('webview:') && l.endsWith('threadline.timeline'));
  }).catch((e: unknown) => {
    throw new Error(`${String(e)}; tabs: ${tabs().join(', ')}`);
  });
  await closeEditors();
});

test('threadline.refresh and threadline.showMore: refresh keeps content; showMore pages', async () => {
  const t = await openSample();
  const before = children(t).map((n) => n.id);
  await vscode.commands.executeCommand('threadline.refresh');
  assert.deepEqual(
    children(t).map((n) => n.id),
    before,
  );
  await vscode.commands.executeCommand('threadline.showMore', undefined);
  assert.deepEqual(
    children(t).map((n) => n.id),
    before,
  );
});

test('custom editor: "Open With… Threadline" reads the file into the session', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  await vscode.commands.executeCommand('vscode.openWith', wsUri('logs/orders.log'), 'threadline.logEditor');
  await waitFor('orders.log read', () => t.host.session.sources().some((s) => s.name.endsWith('orders.log') && s.done));
  await closeEditors();
});

test('threadline.goToSource on a tree record node', async () => {
  const t = await openSample();
  const anyRecord = (function find(n: Parameters<typeof children>[1]): RecordNode | undefined {
    for (const c of children(t, n)) {
      if (c.type === 'record' && c.record.source) return c;
      if (c.type === 'span' || c.type === 'group') {
        const r = find(c);
        if (r) return r;
      }
    }
    return undefined;
  })(undefined);
  assert.ok(anyRecord, 'a record with a source');
  const r = (await vscode.commands.executeCommand('threadline.goToSource', anyRecord, 'first')) as { kind: string };
  assert.equal(r.kind, 'opened');
  await closeEditors();
});
