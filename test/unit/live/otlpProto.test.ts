import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { OTLP_DESCRIPTOR } from '../../../src/core/live/proto/descriptor';
import { decodeLogsRequest, decodeTraceRequest } from '../../../src/core/live/receiver/otlpProto';
// @ts-expect-error: a plain .mjs script without types
import { descriptorFromProtos } from '../../../src/core/live/proto/generate.mjs';
import { LineAssembler } from '../../../src/core/live/lineAssembler';
import { PausableSink } from '../../../src/core/live/pausable';
import { RecordingSink } from './recordingSink';

test('the bundled descriptor is what the vendored .proto files say (regenerate with generate.mjs)', () => {
  const dir = join(resolve(import.meta.dirname, '../../..'), 'src/core/live/proto');
  assert.deepEqual(JSON.parse(JSON.stringify(OTLP_DESCRIPTOR)), JSON.parse(JSON.stringify(descriptorFromProtos(dir))));
});

test('protobuf decoding rejects garbage and truncated messages instead of inventing data', () => {
  assert.throws(() => decodeTraceRequest(Buffer.from([0x0a, 0x05, 0x01])));
  assert.throws(() =>
    decodeLogsRequest(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
  );
  assert.deepEqual(decodeTraceRequest(Buffer.alloc(0)), {}, 'an empty request is an empty export');
});

test('LineAssembler hands on whole lines only, and drops an over-long line alone in drop mode', () => {
  const got: string[] = [];
  const a = new LineAssembler((b) => got.push(b.toString()), 8, 'drop');
  a.push(Buffer.from('ab\ncd'));
  a.push(Buffer.from('e\n0123456789abc'));
  a.push(Buffer.from('def\nok\n'));
  a.push(Buffer.from('tail'));
  a.flush();
  assert.deepEqual(got.join('').split('\n'), ['ab', 'cde', 'ok', 'tail', '']);
  assert.equal(a.overlongLines, 1);
});

test('PausableSink queues in order while paused and reports when its cap is reached', () => {
  const s = new RecordingSink();
  const p = new PausableSink(s, 10);
  p.pause();
  assert.equal(p.write('12345\n'), true);
  assert.equal(p.write('678901\n'), false);
  p.writeDocument({ a: 1 }, 'x', 1);
  p.end();
  assert.equal(s.lineCount, 0);
  let drained = 0;
  p.onDrain(() => drained++);
  p.resume();
  assert.deepEqual(s.lines, ['12345', '678901']);
  assert.equal(s.docs.length, 1);
  assert.ok(s.ended);
  assert.equal(drained, 1);
});
