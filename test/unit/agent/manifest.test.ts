// The editor's language-model tools are declared in package.json and implemented by src/core/agent/tools.ts:
// the two must name the same tools with the same input schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AGENT_TOOLS } from '../../../src/core/agent/tools';
import { validateArgs } from '../../../src/core/agent/schema';

const root = resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

test("package.json declares every agent tool but open, with the implementation's schema and description", () => {
  type Declared = { name: string; inputSchema: unknown; modelDescription: string };
  const declared = manifest.contributes.languageModelTools as Declared[];
  const expected = AGENT_TOOLS.filter((t) => t.name !== 'open');
  assert.deepEqual(
    declared.map((t) => t.name),
    expected.map((t) => `threadline_${t.name}`),
  );
  for (const t of expected) {
    const d = declared.find((x) => x.name === `threadline_${t.name}`)!;
    assert.deepEqual(d.inputSchema, t.inputSchema, t.name);
    assert.equal(d.modelDescription, t.description, t.name);
  }
});

test('arguments are checked against the schema with a reason a model can act on', () => {
  const query = AGENT_TOOLS.find((t) => t.name === 'query_logs')!.inputSchema;
  assert.equal(validateArgs(query, { query: 'level:error', limit: 10 }), null);
  assert.equal(validateArgs(query, { limit: 'ten' }), 'limit must be an integer');
  assert.equal(validateArgs(query, { limit: 0 }), 'limit must be at least 1');
  assert.equal(validateArgs(query, { limit: 501 }), 'limit must be at most 500');
  assert.equal(validateArgs(query, { order: 'up' }), 'order must be one of asc, desc');
  assert.match(validateArgs(query, { filter: 'x' })!, /^unknown argument filter/);
  assert.equal(validateArgs(query, []), 'arguments must be an object');
  const open = AGENT_TOOLS.find((t) => t.name === 'open')!.inputSchema;
  assert.equal(validateArgs(open, {}), 'paths is required');
  assert.equal(validateArgs(open, { paths: [] }), 'paths needs at least 1 item(s)');
  assert.equal(validateArgs(open, { paths: ['a', 3] }), 'paths[1] must be a string');
});
