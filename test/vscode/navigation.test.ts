import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoToSourceResult } from '../../src/extension/navigation/sourceNavigator';
import { test } from './harness';
import { api, assert, closeEditors, lineOf, openSample, sampleLines, waitFor, wsUri } from './util';
import { allRecords, groupIdOf } from '../support/sessionQueries';

const ORDER_SERVICE = 'src/main/java/com/acme/orders/OrderService.java';
const CHECKOUT = 'checkout/src/checkout.ts';

async function recordIdWhere(pred: (message: string) => boolean): Promise<number> {
  const t = await api();
  const r = allRecords(t.host.session, { limit: 10_000 }).items.find((x) => pred(x.message));
  assert.ok(r, 'record found');
  return r.id;
}

async function landed(): Promise<{ path: string; line: number }> {
  const e = await waitFor('an editor', () => vscode.window.activeTextEditor);
  return { path: vscode.workspace.asRelativePath(e.document.uri), line: e.selection.active.line + 1 };
}

test('go to source: a logback caller (class + file + line) lands on the Java statement', async () => {
  await openSample();
  const id = await recordIdWhere((m) => m.startsWith('Payment declined'));
  const r = (await vscode.commands.executeCommand('threadline.goToSource', id)) as GoToSourceResult;
  assert.equal(r.kind, 'opened');
  const at = await landed();
  assert.equal(at.path, ORDER_SERVICE);
  assert.equal(at.line, lineOf(ORDER_SERVICE, 'log.error("Payment declined'));
  await closeEditors();
});

test('go to source: a pino caller with a container path lands on the TypeScript statement', async () => {
  await openSample();
  const id = await recordIdWhere((m) => m === 'order was not placed');
  const r = (await vscode.commands.executeCommand('threadline.goToSource', id)) as GoToSourceResult;
  assert.equal(r.kind, 'opened');
  const at = await landed();
  assert.equal(at.path, CHECKOUT);
  assert.equal(at.line, lineOf(CHECKOUT, "'order was not placed'"));
  await closeEditors();
});

test('go to source: no matching file explains why', async () => {
  const t = await openSample();
  const r = await t.navigator.goToLocation(
    { file: 'com/elsewhere/Missing.java', line: 3, function: null, origin: 'caller' },
    'first',
  );
  assert.equal(r.kind, 'noMatch');
  assert.ok(r.kind === 'noMatch' && r.reason.length > 10, 'a reason is given');
});

test('inline hints: CodeLens above each Java line that logged, with counts and levels', async () => {
  await openSample();
  const doc = await vscode.workspace.openTextDocument(wsUri(ORDER_SERVICE));
  await vscode.window.showTextDocument(doc);
  const lenses = await waitFor('code lenses', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    return l.filter((x) => x.command?.command === 'threadline.showRecordsAtLine').length > 0 ? l : undefined;
  });
  const ours = lenses.filter((x) => x.command?.command === 'threadline.showRecordsAtLine');
  const logged = sampleLines('logs/orders.log').filter((l) => l.caller_file_name === 'OrderService.java');
  const expectedLines = [...new Set(logged.map((l) => l.caller_line_number as number))].sort((a, b) => a - b);
  assert.deepEqual(
    ours.map((l) => l.range.start.line + 1).sort((a, b) => a - b),
    expectedLines,
  );
  const declinedLine = lineOf(ORDER_SERVICE, 'log.error("Payment declined');
  const lens = ours.find((l) => l.range.start.line + 1 === declinedLine)!;
  const count = logged.filter((l) => l.caller_line_number === declinedLine).length;
  assert.match(lens.command!.title, new RegExp(`^${count} records? \\(${count} error\\)`));

  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    new vscode.Position(declinedLine - 1, 10),
  );
  // appendText escapes the record text as Markdown (spaces as &nbsp;, punctuation with backslashes)
  const text = hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\(.)/g, '$1');
  assert.match(text, /Payment declined/);

  // clicking the lens opens the latest record of that line
  await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
  const e = await waitFor('record document', () =>
    vscode.window.activeTextEditor?.document.uri.scheme === 'threadline-record'
      ? vscode.window.activeTextEditor
      : undefined,
  );
  assert.match(e.document.getText(), /Payment declined/);
  await closeEditors();
});

test('inline hints: a record without a trace ID is revealed in the correlation group it falls back to', async () => {
  const t = await openSample();
  // a pino line logged outside any span: no trace ID, a request ID, the same caller as a sample record
  const sample = sampleLines('logs/checkout.ndjson');
  const caller = String(sample[0]!.caller);
  const line = Number(/:(\d+):\d+\)$/.exec(caller)![1]);
  const latest = Math.max(...sample.map((l) => l.time as number));
  const reqId = 'req-untraced-1';
  const rel = 'logs/untraced.ndjson';
  fs.writeFileSync(
    wsUri(rel).fsPath,
    JSON.stringify({
      level: 30,
      time: latest + 1000,
      pid: 4242,
      name: 'checkout',
      reqId,
      caller,
      msg: 'retried without a trace',
    }) + '\n',
  );
  try {
    await vscode.commands.executeCommand('threadline.open', [wsUri(rel)]);
    const record = allRecords(t.host.session, { limit: 10_000 }).items.find(
      (r) => r.message === 'retried without a trace',
    );
    assert.ok(record, 'the untraced record is read');
    assert.equal(record.traceId, null);
    assert.equal(t.host.groupingKind(), 'trace');
    const expectedGroup = groupIdOf(t.host.session, record.id, { kind: 'trace' });
    assert.equal(expectedGroup, `correlation:${reqId}`, 'under trace grouping it falls back to its request ID');
    assert.equal(await t.groupIdOfRecord(record), expectedGroup);

    const doc = await vscode.workspace.openTextDocument(wsUri(CHECKOUT));
    await vscode.window.showTextDocument(doc);
    const lens = await waitFor('the lens on the shared line', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l.find(
        (x) =>
          x.command?.command === 'threadline.showRecordsAtLine' &&
          x.range.start.line + 1 === line &&
          /retried without a trace/.test(x.command.title),
      );
    });
    const opened = await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(opened, record.id, 'the lens opens the latest record of the line');
    const sel = await waitFor('the record selected in the tree', () => {
      const n = t.groupsView.selection[0];
      return n?.type === 'record' && n.recordId === record.id ? n : undefined;
    });
    assert.equal(sel.groupId, expectedGroup);
    assert.equal(t.host.groupingKind(), 'trace', 'revealing it does not regroup the tree');
  } finally {
    fs.rmSync(wsUri(rel).fsPath, { force: true });
    await closeEditors();
  }
});

test(
  "go to source: the sample shop's Spring Boot log lands " + 'in sample/shop, a JUL-bridged error on its throw',
  async () => {
    // written by scripts/fixtures/spring.mjs from sample/shop, whose sources the workspace holds
    const log = path.resolve(__dirname, '../../test/fixtures/logs/spring/payments.logstash.jsonl');
    await vscode.commands.executeCommand('threadline.clear');
    await vscode.commands.executeCommand('threadline.open', [vscode.Uri.file(log)]);
    const shop = 'shop/src/main/java/com/acme/shop/';

    const charged = await recordIdWhere((m) => m.startsWith('Charge 1250 cents'));
    let r = (await vscode.commands.executeCommand('threadline.goToSource', charged)) as GoToSourceResult;
    assert.equal(r.kind, 'opened');
    let at = await landed();
    assert.equal(at.path, `${shop}PaymentController.java`);
    assert.equal(at.line, lineOf(`${shop}PaymentController.java`, 'log.info("Charge {} cents'));
    await closeEditors();

    // Tomcat logged it through JUL: the caller is the bridge, the trace's first application frame is the throw
    const failed = await recordIdWhere((m) => m.startsWith('Servlet.service()'));
    r = (await vscode.commands.executeCommand('threadline.goToSource', failed)) as GoToSourceResult;
    assert.equal(r.kind, 'opened');
    at = await landed();
    assert.equal(at.path, `${shop}PaymentGateway.java`);
    assert.equal(at.line, lineOf(`${shop}PaymentGateway.java`, 'throw new IOException('));
    await closeEditors();
  },
);
