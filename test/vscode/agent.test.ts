// The language-model tools (through vscode.lm.invokeTool, no model involved) and the Patterns view, on the
// window's session holding the sample logs.
import * as vscode from 'vscode';
import { test } from './harness';
import { assert, openSample, waitFor } from './util';
import { patternIdOf } from '../../src/core/patterns/mask';

const TOOLS = ['query_logs', 'list_groups', 'get_trace', 'patterns', 'record'].map((n) => `threadline_${n}`);

async function invoke(name: string, input: object): Promise<string> {
  const r = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

test('lm tools: every Threadline tool is registered with the editor', async () => {
  await openSample();
  const names = await waitFor('the tools to be listed', () => {
    const listed = vscode.lm.tools.map((t) => t.name);
    return TOOLS.every((n) => listed.includes(n)) ? listed : null;
  });
  for (const n of TOOLS) assert.ok(names.includes(n), n);
  assert.equal(typeof vscode.lm.invokeTool, 'function', 'this editor can invoke tools without a model');
  const query = vscode.lm.tools.find((t) => t.name === 'threadline_query_logs')!;
  assert.equal((query.inputSchema as { type: string }).type, 'object');
});

test('lm tools: query_logs, list_groups, get_trace, patterns and record answer from the window session', async () => {
  const t = await openSample();
  const session = t.host.session;
  const errors = session.query({ filter: 'level>=error' }, { limit: 500 });
  const q = await invoke('threadline_query_logs', { query: 'level>=error', limit: 500 });
  for (const r of errors.items) assert.ok(q.includes(`#${r.id} `), `record #${r.id} listed`);
  assert.match(q, new RegExp(`${errors.total} match`));

  const groups = await invoke('threadline_list_groups', { by: 'trace', limit: 5 });
  const traces = t.host.session.groupsPage({ by: { kind: 'trace' } }, { limit: 500 }).items;
  const firstTrace = traces.find((g) => g.kind === 'trace')!;
  const trace = await invoke('threadline_get_trace', { id: firstTrace.key });
  const worst = session.groupsPage({ by: { kind: 'trace' }, sort: 'errors' }, { limit: 5 });
  for (const g of worst.items) assert.ok(groups.includes(`${g.id}  ${g.records} records`), `${g.id} listed`);
  assert.ok(groups.includes(worst.total > 5 ? `Showing 5 of ${worst.total} groups` : `${worst.total} groups.`), groups);
  const head = `trace:${firstTrace.key}: ${firstTrace.records} records, ${firstTrace.spans} spans`;
  assert.ok(trace.startsWith(head), trace.slice(0, 200));

  const patterns = await invoke('threadline_patterns', { limit: 200 });
  const first = t.host.session.recordSummaries([errors.items[0]!.id])[0]!;
  assert.ok(patterns.includes(patternIdOf(first.message)), 'the pattern of an error record is listed');

  const rec = await invoke('threadline_record', { id: first.id });
  assert.ok(rec.startsWith(`#${first.id} `), rec.slice(0, 100));
  assert.match(rec, /read from .*:\d+/);
});

test('lm tools: bad arguments come back as an error text, not an exception', async () => {
  await openSample();
  const bad = await invoke('threadline_query_logs', { query: 'level:loud' });
  assert.match(bad, /^Error: Invalid query/);
  const unknown = await invoke('threadline_record', { id: 10_000_000 });
  assert.match(unknown, /^Error: No record #10000000/);
});

test('patterns view: every record counted once, under the ID its message has; a click asks the Logs view', async () => {
  const t = await openSample();
  type Listed = { records: number; patterns: { id: string; count: number }[] };
  const listed = (await vscode.commands.executeCommand('threadline.patterns.refresh')) as Listed;
  const all = t.host.session.queryIds({}, { limit: 100_000 }).ids;
  assert.equal(listed.records, all.length);
  const expected = new Map<string, number>();
  for (const r of t.host.session.recordSummaries(all)) {
    const id = patternIdOf(r.message);
    expected.set(id, (expected.get(id) ?? 0) + 1);
  }
  assert.deepEqual(new Map(listed.patterns.map((p) => [p.id, p.count])), expected);

  // The Logs view lives in another part of the extension; stand in for it when it is not there.
  const asked: unknown[] = [];
  const present = (await vscode.commands.getCommands(true)).includes('threadline.showLogs');
  const stub = present
    ? null
    : vscode.commands.registerCommand('threadline.showLogs', (arg: unknown) => {
        asked.push(arg);
      });
  try {
    const top = listed.patterns[0]!;
    await vscode.commands.executeCommand('threadline.patterns.show', { pattern: top });
    await vscode.commands.executeCommand('threadline.patterns.hide', { pattern: top });
    if (!present) assert.deepEqual(asked, [{ query: `pattern:${top.id}` }, { query: `-pattern:${top.id}` }]);
  } finally {
    stub?.dispose();
  }
});
