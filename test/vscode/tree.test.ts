import * as vscode from 'vscode';
import type { GroupNode, MoreNode, RecordNode, SpanTreeNode, TreeNode } from '../../src/extension/tree/nodes';
import { test } from './harness';
import { assert, children, label, openSample, sampleLines, setSetting, waitFor } from './util';
import { records } from '../support/sessionQueries';

/** The exporter leaves parentSpanId out for roots. */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}
interface Otlp {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

function sampleSpans(): (OtlpSpan & { service: string })[] {
  const doc = sampleLines('logs/traces.otlp.json')[0] as unknown as Otlp;
  return doc.resourceSpans.flatMap((rs) => {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, service })));
  });
}

test('tree: the sample logs open without bad lines and are listed as sources', async () => {
  const t = await openSample();
  const sources = t.host.session.sources();
  assert.equal(sources.length, 3);
  for (const s of sources) {
    assert.equal(s.done, true, `${s.name} read to the end`);
    assert.deepEqual(s.badLines, [], `${s.name} has no bad lines`);
    assert.equal(s.error, null);
  }
  const byName = (n: string) => sources.find((s) => s.name.endsWith(n))!;
  assert.equal(byName('checkout.ndjson').records, sampleLines('logs/checkout.ndjson').length);
  assert.equal(byName('orders.log').records, sampleLines('logs/orders.log').length);
  assert.equal(byName('traces.otlp.json').spans, sampleSpans().length);
});

test('tree: one group per trace, labelled with root span, services, counts and errors', async () => {
  const t = await openSample();
  const spans = sampleSpans();
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  const groups = children(t).filter((n): n is GroupNode => n.type === 'group');
  assert.deepEqual(groups.map((g) => g.group.key).sort(), [...traceIds].sort());

  const logs = [...sampleLines('logs/checkout.ndjson'), ...sampleLines('logs/orders.log')];
  for (const g of groups) {
    const root = spans.find((s) => s.traceId === g.group.key && !s.parentSpanId)!;
    assert.equal(g.group.root, root.name);
    const mine = logs.filter((l) => (l.trace_id ?? l.traceId) === g.group.key);
    assert.equal(g.group.records, mine.length, `records of ${g.group.key}`);
    const errorLogs = mine.filter((l) => l.level === 50 || l.level === 'ERROR').length;
    assert.equal(g.group.errors > 0, errorLogs > 0, `errors of ${g.group.key}`);
    const text = label(t, g);
    // the label leads with the root span's name; the ID follows, shortened, in the description
    assert.ok(text.startsWith(root.name), `label starts with the root span: ${text}`);
    assert.ok(text.includes(g.group.key.slice(0, 8)), `description has the short key: ${text}`);
    assert.match(text, /checkout/);
    assert.match(text, new RegExp(`${mine.length} records?`));
    const item = t.groupsTree.getTreeItem(g);
    assert.ok(
      item.tooltip instanceof vscode.MarkdownString && item.tooltip.value.includes(g.group.key),
      'tooltip has the full key',
    );
    if (errorLogs > 0) assert.match(text, /\d+ errors?/);
  }
});

test('tree: a trace expands to its span tree (its only root stands in the group), spans to records', async () => {
  const t = await openSample();
  const spans = sampleSpans();
  const declinedTrace = sampleLines('logs/orders.log').find((l) => String(l.message).startsWith('Payment declined'))!
    .traceId as string;
  const group = children(t).find((n): n is GroupNode => n.type === 'group' && n.group.key === declinedTrace)!;
  assert.ok(group);

  // walk the tree and compare with parent links in the OTLP document
  const walk = (node: TreeNode, depth: number, out: { name: string; depth: number; node: SpanTreeNode }[]) => {
    for (const c of children(t, node)) {
      if (c.type === 'span') {
        out.push({ name: c.node.span.name, depth, node: c });
        walk(c, depth + 1, out);
      }
    }
    return out;
  };
  const found = walk(group, 0, []);
  const mine = spans.filter((s) => s.traceId === declinedTrace);
  // the trace has one root and no records beside it: the group's row is the root's, so the root's row is skipped
  const roots = mine.filter((s) => !s.parentSpanId);
  assert.equal(roots.length, 1);
  assert.equal(group.group.root, roots[0]!.name);
  assert.equal(found.length, mine.length - 1, 'every span of the trace but its root is in the tree');
  assert.ok(!found.some((f) => f.node.spanId === roots[0]!.spanId), 'no row repeats the group');
  for (const f of found) {
    const s = mine.find((m) => m.spanId === f.node.spanId)!;
    const parent = f.node.parent;
    assert.equal(
      parent.type === 'span' ? parent.spanId : roots[0]!.spanId,
      s.parentSpanId ?? '',
      `${s.name} sits under its parent`,
    );
  }

  // records hang under the span their log line names
  const ordersServer = found.find((f) => f.name === 'POST /orders')!;
  const records = children(t, ordersServer.node).filter((n): n is RecordNode => n.type === 'record');
  const expected = sampleLines('logs/orders.log')
    .filter((l) => l.spanId === ordersServer.node.spanId)
    .map((l) => l.message);
  assert.deepEqual(
    records.map((r) => r.record.message),
    expected,
  );
  const declined = records.find((r) => r.record.message.startsWith('Payment declined'))!;
  const item = t.groupsTree.getTreeItem(declined);
  assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
  assert.equal(item.contextValue, 'record.source');
  assert.equal(item.command?.command, 'threadline.showRecord');
});

test('tree: regrouping by correlation ID and by thread', async () => {
  const t = await openSample();
  await vscode.commands.executeCommand('threadline.groupBy', 'correlation');
  const reqIds = [...new Set(sampleLines('logs/checkout.ndjson').map((l) => l.reqId as string))].sort();
  const byReq = children(t).filter((n): n is GroupNode => n.type === 'group');
  for (const id of reqIds)
    assert.ok(
      byReq.some((g) => g.group.key === id && g.group.kind === 'correlation'),
      `a group for ${id}`,
    );

  await vscode.commands.executeCommand('threadline.groupBy', { kind: 'thread' });
  const threads = [...new Set(sampleLines('logs/orders.log').map((l) => l.thread_name as string))].sort();
  const byThread = children(t)
    .filter((n): n is GroupNode => n.type === 'group' && n.group.kind === 'thread')
    .map((g) => g.group.key);
  for (const th of threads) assert.ok(byThread.includes(th), `a group for ${th}`);
  await vscode.commands.executeCommand('threadline.groupBy', 'trace');
});

test('tree: reveal selects a record inside its span', async () => {
  const t = await openSample();
  const line = sampleLines('logs/orders.log').find((l) => String(l.message).startsWith('Payment declined'))!;
  const record = records(t.host.session, `trace:${line.traceId as string}`, {
    spanId: line.spanId as string,
  }).items.find((r) => r.message.startsWith('Payment declined'))!;
  assert.ok(record);
  await vscode.commands.executeCommand('workbench.view.extension.threadline');
  assert.equal(await t.revealInTree(`trace:${line.traceId as string}`, line.spanId as string, record.id), true);
  const sel = await waitFor('a selection', () => t.groupsView.selection[0]);
  assert.equal(sel.type, 'record');
  assert.equal((sel as RecordNode).recordId, record.id);
});

test('tree: a one-span group lists its records itself; reveal and paging find them', async () => {
  const t = await openSample();
  await vscode.commands.executeCommand('threadline.groupBy', 'correlation');
  try {
    const groups = children(t).filter((n): n is GroupNode => n.type === 'group');
    const small = groups.find((g) => t.groupsTree.spanTree(g.groupId).length === 1 && g.group.records > 1);
    assert.ok(small, 'a correlation group with one derived span');
    const span = t.groupsTree.spanTree(small.groupId)[0]!;
    const rows = children(t, small);
    assert.ok(
      rows.every((n) => n.type === 'record'),
      `records right under the group: ${rows.map((n) => n.type).join(',')}`,
    );
    const expected = records(t.host.session, small.groupId, {
      spanId: span.span.spanId,
      by: t.host.grouping,
    }).items.map((r) => r.id);
    assert.deepEqual(
      rows.map((n) => (n as RecordNode).recordId),
      expected,
    );
    for (const r of rows as RecordNode[]) {
      assert.equal(r.parent, small, 'the group is the parent (getParent for reveal)');
      assert.equal(r.spanId, span.span.spanId, 'the row still names its span (timeline, Show Logs)');
    }

    // pages: one row a page, then "Show more" under the group
    await setSetting('pageSize', 1);
    const paged = children(t, t.groupsTree.locate(small.groupId));
    assert.deepEqual(
      paged.map((n) => n.type),
      ['record', 'more'],
    );
    assert.equal((paged[1] as MoreNode).remaining, rows.length - 1);

    // a record chosen elsewhere (the Logs view names the span) is found past the shown page and selected
    const last = rows[rows.length - 1] as RecordNode;
    await vscode.commands.executeCommand('workbench.view.extension.threadline');
    assert.equal(await t.revealInTree(small.groupId, span.span.spanId, last.recordId), true);
    const sel = await waitFor('the record selected', () => {
      const n = t.groupsView.selection[0];
      return n?.type === 'record' && n.recordId === last.recordId ? n : undefined;
    });
    assert.equal(sel.groupId, small.groupId);
    assert.equal(t.groupsTree.getParent(sel), t.groupsTree.locate(small.groupId), 'its parent is the group row');

    // the span itself locates to the group row that stands for it
    assert.equal(t.groupsTree.locate(small.groupId, span.span.spanId)?.type, 'group');
  } finally {
    await setSetting('pageSize', undefined);
    await vscode.commands.executeCommand('threadline.groupBy', 'trace');
  }
});
