// One key tested by several formats' signatures (`level`: logrus' and slog's patterns, pino's and winston's
// types) is checked once per line by its raw bytes on the fast path: a value that changes which format detection
// picks still sends its line to the slow path, so both paths give the same columns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columns, indexText } from './helpers';

test('level values that switch the detected format (slog, logrus, pino, winston): both paths agree', async () => {
  const levels: unknown[] = ['INFO', 'info', 30, 'WARN+2', 'warning', 'ERROR', 'Info', 50, 'debug', 'DEBUG-4', true];
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    // runs of one value (cached outcome reused) and changes at every kind of step
    const level = levels[Math.floor(i / 3) % levels.length];
    lines.push(JSON.stringify({ time: new Date(1_764_000_000_000 + i).toISOString(), level, msg: `m${i}` }));
  }
  const text = lines.join('\n') + '\n';
  const fast = await indexText(text);
  const slow = await indexText(text, { slowOnly: true });
  assert.deepEqual(columns(fast.store), columns(slow.store));
  // runs of a value the first line's format accepts take the fast path
  assert.ok(fast.fastLines >= 140, `fast lines ${fast.fastLines}`);
  const formats = new Set((columns(fast.store) as { format: string }[]).map((c) => c.format));
  assert.ok(formats.size >= 2, [...formats].join());
});
