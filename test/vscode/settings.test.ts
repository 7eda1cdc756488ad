import * as vscode from 'vscode';
import type { GroupNode, MoreNode } from '../../src/extension/tree/nodes';
import { test } from './harness';
import { api, assert, children, closeEditors, openSample, setSetting, waitFor, wsUri } from './util';
import { groupList } from '../support/sessionQueries';

test('settings: threadline.pageSize pages the groups and "Show more" lists the next page', async () => {
  const t = await openSample();
  const all = children(t).filter((n) => n.type === 'group').length;
  assert.ok(all > 2, 'the sample has more than two traces');
  try {
    await setSetting('pageSize', 2);
    const first = children(t);
    assert.equal(first.filter((n) => n.type === 'group').length, 2);
    const more = first.at(-1) as MoreNode;
    assert.equal(more.type, 'more');
    assert.equal(more.remaining, all - 2);
    const item = t.groupsTree.getTreeItem(more);
    assert.equal(item.label, 'Show 2 more…');
    await vscode.commands.executeCommand('threadline.showMore', more);
    assert.equal(children(t).filter((n) => n.type === 'group').length, Math.min(4, all));
  } finally {
    await setSetting('pageSize', undefined);
  }
  assert.equal(children(t).filter((n) => n.type === 'group').length, all);
});

test('tree: the root list asks the session for its page only; reveal past it opens pages up to the group', async () => {
  const t = await openSample();
  const everything = groupList(t.host.session, t.host.grouping).map((g) => g.id);
  assert.ok(everything.length > 3, 'the sample has more than three traces');
  const session = t.host.session as unknown as Record<string, unknown>;
  const calls: string[] = [];
  const spy = (name: string) => {
    const original = session[name] as (...a: unknown[]) => unknown;
    const own = Object.prototype.hasOwnProperty.call(session, name);
    session[name] = (...a: unknown[]) => {
      calls.push(`${name}(${JSON.stringify(a.slice(1))})`);
      return original.apply(t.host.session, a);
    };
    return () => {
      if (own) session[name] = original;
      else delete session[name];
    };
  };
  const undo = [spy('groupsPage')];
  try {
    await setSetting('pageSize', 2);
    t.groupsTree.refreshNow();
    calls.length = 0;
    const shown = children(t)
      .filter((n): n is GroupNode => n.type === 'group')
      .map((n) => n.groupId);
    assert.deepEqual(shown, everything.slice(0, 2), "the first page, in the session's order");
    const limits = calls.map((c) => (JSON.parse(c.slice('groupsPage('.length, -1)) as { limit?: number }[])[0]?.limit);
    assert.ok(
      limits.every((l) => l !== undefined && l <= 2),
      `no full group list: ${calls.join(' ')}`,
    );
    assert.ok(calls.includes('groupsPage([{"offset":0,"limit":2}])'), `one page asked for: ${calls.join(' ')}`);

    // the last group is beyond the page: reveal opens pages until it is listed, and selects it
    const last = everything.at(-1)!;
    assert.equal(await t.revealInTree(last), true);
    assert.ok(children(t).some((n) => n.type === 'group' && n.groupId === last));
    assert.equal(t.groupsView.selection[0]?.id, `g:${last}`);
  } finally {
    for (const u of undo) u();
    await setSetting('pageSize', undefined);
  }
});

test('settings: threadline.defaultGrouping regroups a window still on the old default', async () => {
  const t = await openSample();
  try {
    await setSetting('defaultGrouping', 'thread');
    await waitFor('thread grouping', () => t.host.groupingKind() === 'thread');
    assert.ok(children(t).every((n) => n.type !== 'group' || (n as GroupNode).group.kind === 'thread'));
  } finally {
    await setSetting('defaultGrouping', undefined);
  }
  await waitFor('trace grouping again', () => t.host.groupingKind() === 'trace');
});

test('settings: threadline.inlineHints off removes the CodeLens', async () => {
  await openSample();
  const uri = wsUri('src/main/java/com/acme/orders/OrderService.java');
  await vscode.window.showTextDocument(uri);
  const ours = async () =>
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).filter(
      (l) => l.command?.command === 'threadline.showRecordsAtLine',
    );
  await waitFor('lenses on', async () => (await ours()).length > 0);
  try {
    await setSetting('inlineHints', false);
    assert.equal((await ours()).length, 0);
  } finally {
    await setSetting('inlineHints', undefined);
  }
  await waitFor('lenses back', async () => (await ours()).length > 0);
  await closeEditors();
});

test('settings: threadline.pathMappings decides where a container path lands', async () => {
  const t = await openSample();
  const loc = { file: '/srv/checkout-service/src/checkout.ts', line: 11, function: null, origin: 'caller' as const };
  const before = await t.navigator.candidates(loc);
  try {
    await setSetting('pathMappings', { '/srv/checkout-service': '${workspaceFolder}/checkout' });
    const after = await t.navigator.candidates(loc);
    assert.equal(vscode.workspace.asRelativePath(after[0]!.path), 'checkout/src/checkout.ts');
    assert.ok(
      after[0]!.reason && /mapping/i.test(after[0]!.reason),
      `the reason names the mapping: ${after[0]!.reason}`,
    );
    assert.notDeepEqual(
      after.map((c) => c.reason),
      before.map((c) => c.reason),
    );
  } finally {
    await setSetting('pathMappings', { '/app': '${workspaceFolder}/checkout' });
  }
});

test('settings: the typed reader follows changes to every setting', async () => {
  const t = await api();
  try {
    await setSetting('maxRecords', 5000);
    await setSetting('fieldMappings', { traceId: 'x-trace', correlationId: ['ctx', 'requestId'] });
    await setSetting('sourceExclude', '**/logs/**');
    assert.equal(t.config.current.maxRecords, 5000);
    assert.deepEqual(t.config.current.fieldMappings, { traceId: 'x-trace', correlationId: ['ctx', 'requestId'] });
    assert.equal(t.config.current.sourceExclude, '**/logs/**');
  } finally {
    await setSetting('maxRecords', undefined);
    await setSetting('fieldMappings', undefined);
    await setSetting('sourceExclude', undefined);
  }
  assert.equal(t.config.current.maxRecords, 1_000_000);
});
