import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupNode } from '../../src/extension/tree/nodes';
import type { SourceTreeNode } from '../../src/extension/tree/sourcesTree';
import { test } from './harness';
import { api, assert, children, waitFor, wsUri } from './util';

const line = (traceId: string, msg: string) =>
  JSON.stringify({
    level: 30,
    time: Date.UTC(2024, 4, 1, 8, 15),
    pid: 1,
    hostname: 'h',
    name: 'live',
    trace_id: traceId,
    span_id: '00f067aa0ba902b7',
    msg,
  }) + '\n';

test('live: a followed file grows the tree and the Sources view, and stops from the Sources view', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  await vscode.commands.executeCommand('threadline.groupBy', 'trace');
  const file = wsUri('logs/live-test.ndjson');
  fs.writeFileSync(file.fsPath, line('4bf92f3577b34da6a3ce929d0e0e4736', 'first'));
  try {
    const started = (await vscode.commands.executeCommand('threadline.follow', file, { fromStart: true })) as
      { streamNames: string[] } | undefined;
    assert.ok(started, 'following started');
    await waitFor('the first trace in the tree', () =>
      children(t).some((n) => n.type === 'group' && n.group.key === '4bf92f3577b34da6a3ce929d0e0e4736'),
    );
    fs.appendFileSync(file.fsPath, line('5bf92f3577b34da6a3ce929d0e0e4737', 'second'));
    await waitFor(
      'the appended trace in the tree',
      () => children(t).some((n) => n.type === 'group' && n.group.key === '5bf92f3577b34da6a3ce929d0e0e4737'),
      15_000,
    );
    const g = children(t).find(
      (n): n is GroupNode => n.type === 'group' && n.group.key === '5bf92f3577b34da6a3ce929d0e0e4737',
    )!;
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

interface MenuItem {
  command: string;
  when: string;
  group?: string;
}

/**
 * The Sources-view item actions the manifest offers for a node's
 * contextValue (its `view == … && viewItem =~ /…/` clauses).
 */
function sourceActions(contextValue: string): string[] {
  const ext = vscode.extensions.getExtension('threadline.threadline')!;
  const menus = (
    JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, MenuItem[]> };
    }
  ).contributes.menus['view/item/context']!;
  const out = new Set<string>();
  for (const m of menus) {
    const clause = /^view == threadline\.sources && viewItem =~ \/(.+)\/$/.exec(m.when);
    if (clause && new RegExp(clause[1]!).test(contextValue)) out.add(m.command.replace('threadline.', ''));
  }
  return [...out].sort();
}

test('live: pause and resume a followed command from its Sources-view item; the menu follows its state', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  const node = JSON.stringify(process.execPath);
  const script =
    `let i=0;const t=setInterval(()=>{console.log(JSON.stringify({level:'info',msg:'beat '+i,` +
    `request_id:'pause-req'}));if(++i>=3000)clearInterval(t)},10)`;
  const started = (await vscode.commands.executeCommand(
    'threadline.followCommand',
    `${node} -e ${JSON.stringify(script)}`,
  )) as { streamNames: string[] };
  const name = started.streamNames[0]!;
  const summary = () => t.host.session.sources().find((s) => s.name === name);
  const item = () => {
    const n = t.sourcesTree
      .getChildren()
      .find((c): c is Extract<SourceTreeNode, { type: 'source' }> => c.type === 'source' && c.name === name);
    assert.ok(n, 'the stream is listed in the Sources view');
    return { node: n, item: t.sourcesTree.getTreeItem(n) };
  };
  try {
    await waitFor('records from the command', () => (summary()?.records ?? 0) >= 3);
    let shown = item();
    assert.deepEqual(sourceActions(String(shown.item.contextValue)), ['pauseSource', 'restartSource', 'stopSource']);
    assert.match(String(shown.item.description), /^live/);

    const paused = (await vscode.commands.executeCommand('threadline.pauseSource', shown.node)) as { state: string };
    assert.equal(paused.state, 'paused');
    shown = item();
    assert.deepEqual(sourceActions(String(shown.item.contextValue)), ['restartSource', 'resumeSource', 'stopSource']);
    assert.match(String(shown.item.description), /^paused/);
    // what was already on its way may still land; after that nothing more arrives while paused
    await new Promise((r) => setTimeout(r, 300));
    const held = summary()!.records;
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(summary()!.records, held, 'no records arrive while the source is paused');

    const resumed = (await vscode.commands.executeCommand('threadline.resumeSource', shown.node)) as { state: string };
    assert.equal(resumed.state, 'running');
    await waitFor('records again after resuming', () => summary()!.records > held);
    assert.deepEqual(sourceActions(String(item().item.contextValue)), ['pauseSource', 'restartSource', 'stopSource']);

    await vscode.commands.executeCommand('threadline.stopSource', item().node);
    await waitFor('the stream to end', () => summary()?.done);
    assert.deepEqual(
      sourceActions(String(item().item.contextValue)),
      ['restartSource'],
      'a stopped run can only be restarted',
    );
    // a file that was read (not followed) offers none of them
    assert.deepEqual(sourceActions('source.file.done'), []);
  } finally {
    await vscode.commands.executeCommand('threadline.stopSource', name);
  }
});
