// Zipkin as a remote source in the real extension host, against the real Zipkin server the harness starts
// (scripts/zipkin/server.mjs; its URL comes in THREADLINE_TEST_ZIPKIN_URL). Spans posted by the OpenTelemetry
// Zipkin exporter are searched from the Sources view, loaded by expanding a result, and merged with the local
// log lines of the same trace; then each failure gives its kind. No Zipkin URL: the tests fail, never skip.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ZipkinNode } from '../../src/extension/remote/zipkinTree';
import type { SourceTreeNode } from '../../src/extension/tree/sourcesTree';
import type { ThreadlineApi } from '../../src/extension/extension';
import { closedPortUrl, htmlServer, serve, silentServer } from '../unit/remote/hostileServers';
import { localLogLines, postCheckoutTrace, untilStored, type PostedTrace } from '../unit/remote/zipkinTraces.mjs';
import { test } from './harness';
import { api, assert, setSetting, waitFor, wsUri } from './util';

let posted: PostedTrace | null = null;

function zipkinUrl(): string {
  const url = process.env.THREADLINE_TEST_ZIPKIN_URL;
  assert.ok(url, 'THREADLINE_TEST_ZIPKIN_URL names the Zipkin server scripts/test-vscode.mjs started');
  return url;
}

async function trace(): Promise<PostedTrace> {
  if (posted) return posted;
  posted = await postCheckoutTrace(zipkinUrl());
  await untilStored(zipkinUrl(), posted.traceId, 3);
  return posted;
}

type Failure = { error: { kind: string; message: string } };
const kindOf = (r: unknown): string | undefined => (r as Failure | undefined)?.error?.kind;

async function sourcesChildren(t: ThreadlineApi, node?: SourceTreeNode): Promise<SourceTreeNode[]> {
  return node ? await t.sourcesTree.getChildren(node) : t.sourcesTree.getChildren();
}

const zipkinRoot = (nodes: SourceTreeNode[]) =>
  nodes.find((n): n is Extract<ZipkinNode, { type: 'zipkin' }> => n.type === 'zipkin');

test(
  'zipkin: connect, search from the Sources view, ' + 'expand a result: its spans merge with the local logs',
  async () => {
    const t = await api();
    const p = await trace();
    await vscode.commands.executeCommand('threadline.disconnectZipkin');
    await vscode.commands.executeCommand('threadline.clear');
    await vscode.commands.executeCommand('threadline.groupBy', 'trace');
    const logPath = wsUri('logs/zipkin-checkout.log').fsPath;
    fs.writeFileSync(logPath, localLogLines(p));
    await vscode.commands.executeCommand('threadline.open', [vscode.Uri.file(logPath)]);
    assert.equal(zipkinRoot(t.sourcesTree.getChildren()), undefined, 'no Zipkin node before connecting');
    assert.equal(t.zipkin.fetched.size + t.zipkin.searches.length, 0);

    const connected = (await vscode.commands.executeCommand('threadline.connectZipkin', zipkinUrl())) as {
      url: string;
      services: string[];
    };
    assert.equal(connected.url, zipkinUrl());
    assert.deepEqual([...connected.services].sort(), ['checkout', 'payments']);
    assert.equal(vscode.workspace.getConfiguration('threadline').get('zipkin.url'), zipkinUrl());
    const root = await waitFor('the Zipkin node', () => zipkinRoot(t.sourcesTree.getChildren()));
    assert.equal(root.url, zipkinUrl());
    const rootItem = t.sourcesTree.getTreeItem(root);
    assert.equal(rootItem.contextValue, 'zipkin');
    assert.equal(rootItem.description, zipkinUrl());

    const search = (await vscode.commands.executeCommand(
      'threadline.searchZipkin',
      'service=checkout lookback=1h limit=10',
    )) as { results: { traceId: string }[] };
    assert.ok(
      search.results.some((r) => r.traceId === p.traceId),
      'the posted trace is found',
    );
    assert.equal(t.zipkin.fetched.size, 0, 'a search fetches no trace');
    const [searchNode] = (await sourcesChildren(t, root)) as ZipkinNode[];
    assert.equal(searchNode?.type, 'zipkinSearch');
    const results = (await sourcesChildren(t, searchNode)) as ZipkinNode[];
    const row = results.find(
      (n): n is Extract<ZipkinNode, { type: 'zipkinTrace' }> => n.type === 'zipkinTrace' && n.traceId === p.traceId,
    );
    assert.ok(row, 'the trace is a row under the search');
    const rowItem = t.sourcesTree.getTreeItem(row);
    assert.equal(rowItem.label, 'checkout: get /checkout');
    assert.match(String(rowItem.description), /120 ms · 3 spans · 1 error/);

    // Expanding the row loads the trace: the spans come from Zipkin, the records from the local file.
    const spans = (await sourcesChildren(t, row)) as Extract<ZipkinNode, { type: 'zipkinSpan' }>[];
    assert.deepEqual(
      spans.map((s) => `${s.node.span.service} ${s.node.span.spanId} ${s.node.records}`).sort(),
      [`checkout ${p.callSpanId} 0`, `checkout ${p.rootSpanId} 2`, `payments ${p.serverSpanId} 1`].sort(),
    );
    const groupId = `trace:${p.traceId}`;
    const ref = { by: { kind: 'trace' as const }, id: groupId };
    const group = t.host.session.group(ref);
    assert.deepEqual({ spans: group?.spans, records: group?.records }, { spans: 3, records: 3 });
    assert.ok(
      t.host.session
        .sources()
        .some((s) => s.name === `Zipkin ${zipkinUrl().slice(7)} trace ${p.traceId}` && s.spans === 3),
    );

    // Open Trace by ID and Find Trace in Zipkin on a local record reach the same group without adding spans twice.
    const again = (await vscode.commands.executeCommand('threadline.openZipkinTrace', p.traceId.toUpperCase())) as {
      groupId: string;
      added: number;
      alreadyHeld: number;
    };
    assert.deepEqual(
      { groupId: again.groupId, added: again.added, alreadyHeld: again.alreadyHeld },
      { groupId, added: 0, alreadyHeld: 3 },
    );
    const recordId = t.host.session.query({ scope: { group: ref } }).items[0]!.id;
    const found = (await vscode.commands.executeCommand('threadline.findTraceInZipkin', recordId)) as {
      groupId: string;
      added: number;
    };
    assert.deepEqual({ groupId: found.groupId, added: found.added }, { groupId, added: 0 });
    assert.equal(t.host.session.spans().filter((s) => s.traceId === p.traceId).length, 3);
    await waitFor('the timeline of the trace', () =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview)),
    );
  },
);

test(
  'zipkin: a trace Zipkin does not hold, an unreachable port, ' + 'a non-Zipkin server and a silent one each say so',
  async () => {
    await api();
    await vscode.commands.executeCommand('threadline.connectZipkin', zipkinUrl());
    assert.equal(
      kindOf(await vscode.commands.executeCommand('threadline.openZipkinTrace', 'abcdef0123456789')),
      'not-found',
    );
    assert.equal(kindOf(await vscode.commands.executeCommand('threadline.searchZipkin', 'limit=0')), 'invalid-request');

    assert.equal(
      kindOf(await vscode.commands.executeCommand('threadline.connectZipkin', await closedPortUrl())),
      'unreachable',
    );
    assert.equal(
      vscode.workspace.getConfiguration('threadline').get('zipkin.url'),
      zipkinUrl(),
      'a failed connect keeps the working URL',
    );
    const html = await htmlServer();
    const silent = await silentServer();
    try {
      assert.equal(
        kindOf(await vscode.commands.executeCommand('threadline.connectZipkin', html.url)),
        'not-a-trace-store',
      );
      await setSetting('zipkin.timeoutSeconds', 1);
      assert.equal(kindOf(await vscode.commands.executeCommand('threadline.connectZipkin', silent.url)), 'timeout');
      assert.equal(silent.requests.length, 1, 'the silent server got the request');
    } finally {
      await setSetting('zipkin.timeoutSeconds', undefined);
      await html.close();
      await silent.close();
    }
  },
);

test('zipkin: credentials go to SecretStorage and with every request to that server, not into settings', async () => {
  const t = await api();
  const seen: string[] = [];
  const fake = await serve((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url?.startsWith('/api/v2/services') ? '["checkout"]' : '[]');
  });
  try {
    const done = (await vscode.commands.executeCommand('threadline.connectZipkin', fake.url, 'Basic dXNlcjpwdw==')) as {
      url: string;
    };
    assert.equal(done.url, fake.url);
    await vscode.commands.executeCommand('threadline.searchZipkin', 'service=checkout');
    assert.deepEqual(
      seen.map((s) => s.replace(/\?.*? /, ' ')),
      ['/api/v2/services Basic dXNlcjpwdw==', '/api/v2/traces Basic dXNlcjpwdw=='],
    );
    assert.equal(await t.context.secrets.get(`threadline.zipkin.authorization ${fake.url}`), 'Basic dXNlcjpwdw==');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('threadline').get('zipkin')).includes('dXNlcjpwdw'));
    await vscode.commands.executeCommand('threadline.disconnectZipkin');
    assert.equal(await t.context.secrets.get(`threadline.zipkin.authorization ${fake.url}`), undefined);
    assert.equal(vscode.workspace.getConfiguration('threadline').get('zipkin.url'), '');
    await waitFor('the Zipkin node to go', () => zipkinRoot(t.sourcesTree.getChildren()) === undefined);
  } finally {
    await fake.close();
  }
});
