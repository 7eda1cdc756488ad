import { test } from 'node:test';
import assert from 'node:assert/strict';
import { continuationText, joinPieces, unwrapLine, unwrapPiece } from '../../../src/core/formats/unwrap';

const NS = 1714551300123456789n;

test('Docker json-file: inner JSON line, stream, collection time, partial chunks', () => {
  const u = unwrapLine(
    '{"log":"{\\"level\\":30,\\"msg\\":\\"hi\\"}\\n","stream":"stderr","time":"2024-05-01T08:15:00.123456789Z"}',
  );
  assert.equal(u.text, '{"level":30,"msg":"hi"}');
  assert.deepEqual(u.meta?.wrappers, ['docker']);
  assert.equal(u.meta?.stream, 'stderr');
  assert.equal(u.meta?.collectedNs, NS);
  assert.equal(u.meta?.partial, undefined);
  assert.equal(unwrapLine('{"log":"part","stream":"stdout","time":"2024-05-01T08:15:00Z"}').meta?.partial, true);
});

test('CRI lines, with P pieces joined per stream', () => {
  const u = unwrapLine('2024-05-01T08:15:00.123456789Z stdout F {"msg":"hi"}');
  assert.deepEqual([u.text, u.meta?.stream, u.meta?.collectedNs], ['{"msg":"hi"}', 'stdout', NS]);
  const first = unwrapPiece('2024-05-01T08:15:00Z stdout P {"msg":"he')!;
  assert.deepEqual(first, { text: '{"msg":"he', partial: true, stream: '//stdout' });
  // another stream's line is passed over, not joined
  const rest = ['2024-05-01T08:15:00Z stderr F other', '2024-05-01T08:15:01Z stdout F llo"}', 'java.lang.X: y'];
  assert.deepEqual(joinPieces(first, rest, unwrapPiece), { text: '{"msg":"hello"}', rest: ['java.lang.X: y'] });
  assert.equal(unwrapLine('2024-05-01T08:15:00Z stdout F').text, '');
  assert.equal(unwrapPiece('{"msg":"not wrapped"}'), null);
});

test("a record's continuation lines: unwrapped, split lines joined, another record's first piece left out", () => {
  const lines = [
    '2024-05-01T08:15:00Z stdout P {"level":30,', // first piece of a record of its own (its last piece is not here)
    '2024-05-01T08:15:00Z stderr P warning: pool ',
    '2024-05-01T08:15:00Z stderr F at 90%',
    '2024-05-01T08:15:00Z stderr F done',
  ];
  assert.equal(continuationText(lines, unwrapPiece), 'warning: pool at 90%\ndone');
});

test('kubectl --prefix and --timestamps', () => {
  const u = unwrapLine('[pod/pay-7c9/app] 2024-05-01T08:15:00.123456789Z {"level":30}');
  assert.equal(u.text, '{"level":30}');
  assert.deepEqual(u.meta?.wrappers, ['kubectl-prefix', 'kubectl-timestamps']);
  assert.deepEqual([u.meta?.pod, u.meta?.container, u.meta?.collectedNs], ['pay-7c9', 'app', NS]);
});

test('Fluent Bit json: log payload, date as collection time, kubernetes envelope', () => {
  const u = unwrapLine(
    '{"date":1714551300.123456,"log":"{\\"severity\\":\\"INFO\\"}","kubernetes":{"pod_name":"pay-7c9",' +
      '"container_name":"app"}}',
  );
  assert.equal(u.text, '{"severity":"INFO"}');
  assert.deepEqual(u.meta?.wrappers, ['fluentbit']);
  assert.equal(u.meta?.collectedNs, 1714551300123456000n);
  assert.equal(u.meta?.pod, 'pay-7c9');
  assert.deepEqual(u.meta?.envelope?.kubernetes, { pod_name: 'pay-7c9', container_name: 'app' });
});

test('fluentd out_file: time, tag, record', () => {
  const u = unwrapLine('2024-05-01T08:15:00+00:00\tapp.pay\t{"msg":"hi"}');
  assert.deepEqual([u.text, u.meta?.tag, u.meta?.collectedNs], ['{"msg":"hi"}', 'app.pay', 1714551300000000000n]);
});

test('ordinary lines pass through untouched (a `log` key alone is not an envelope)', () => {
  for (const l of [
    '{"level":30,"log":"x"}',
    'plain text',
    '2024-05-01 08:15:00,123 INFO x',
    '{"log":"x","stream":"stdout","time":"t","other":1}',
  ]) {
    assert.deepEqual(unwrapLine(l), { text: l });
  }
});
