import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GroupNode } from '../../src/extension/tree/nodes';
import type { SourceTreeNode } from '../../src/extension/tree/sourcesTree';
import { test } from './harness';
import { api, assert, children, waitFor, wsUri } from './util';

const line = (traceId: string, msg: string) =>
  `${JSON.stringify({ level: 30, time: Date.UTC(2024, 4, 1, 8, 15), pid: 1, hostname: 'h', name: 'live', trace_id: traceId, span_id: '00f067aa0ba902b7', msg })}\n`;

test('live: a followed file grows the tree and the Sources view, and stops from the Sources view', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  await vscode.commands.executeCommand('threadline.groupBy', 'trace');
  const file = wsUri('logs/live-test.ndjson');
  fs.writeFileSync(file.fsPath, line('4bf92f3577b34da6a3ce929d0e0e4736', 'first'));
  try {
    const started = (await vscode.commands.executeCommand('threadline.follow', file, { fromStart: true })) as { streamNames: string[] } | undefined;
    assert.ok(started, 'following started');
    await waitFor('the first trace in the tree', () => children(t).some((n) => n.type === 'group' && n.group.key === '4bf92f3577b34da6a3ce929d0e0e4736'));
    fs.appendFileSync(file.fsPath, line('5bf92f3577b34da6a3ce929d0e0e4737', 'second'));
    await waitFor('the appended trace in the tree', () => children(t).some((n) => n.type === 'group' && n.group.key === '5bf92f3577b34da6a3ce929d0e0e4737'), 15_000);
    const g = children(t).find((n): n is GroupNode => n.type === 'group' && n.group.key === '5bf92f3577b34da6a3ce929d0e0e4737')!;
    assert.equal(g.group.records, 1);

    // the Sources view lists the stream; its node is what the view's Stop action passes
    const stream = t.host.session.sources().find((s) => started.streamNames.includes(s.name));
    assert.ok(stream, 'the stream is a session source');
    const node: SourceTreeNode = { type: 'source', id: `src:${stream.name}`, name: stream.name, source: stream };
    await vscode.commands.executeCommand('threadline.stopSource', node);
    const live = t.live();
    assert.ok(live);
    await waitFor('the source stopped', () => live.byStreamName(stream.name)?.state !== 'running');
  } finally {
    fs.rmSync(file.fsPath, { force: true });
    await vscode.commands.executeCommand('threadline.clear');
  }
});
