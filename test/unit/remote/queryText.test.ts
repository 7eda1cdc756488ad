// The one-line trace search: known keys, tags, quoting, durations, and a message for what cannot be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationMs, parseQueryText, queryText } from '../../../src/core/remote/queryText';

test('known keys fill the query, other words ask for tags, quoted values keep their spaces', () => {
  const q = parseQueryText(
    'service=checkout span="get /checkout" http.status_code=500 error minDuration=1.5ms maxDuration=2s ' +
      'lookback=1h limit=20',
  );
  assert.deepEqual(q, {
    service: 'checkout',
    spanName: 'get /checkout',
    tags: [{ key: 'http.status_code', value: '500' }, { key: 'error' }],
    minDurationMs: 1.5,
    maxDurationMs: 2000,
    lookbackMs: 3_600_000,
    limit: 20,
  });
  assert.deepEqual(parseQueryText(queryText(q)), q);
  assert.deepEqual(parseQueryText('   '), {});
});

test('durations read with their unit; a bare number is milliseconds here and seconds where asked', () => {
  assert.equal(parseDurationMs('250us'), 0.25);
  assert.equal(parseDurationMs('250µs'), 0.25);
  assert.equal(parseDurationMs('90'), 90);
  assert.equal(parseDurationMs('90', 's'), 90_000);
  assert.equal(parseDurationMs('15m'), 900_000);
  assert.equal(parseDurationMs('2d'), 172_800_000);
  assert.equal(parseDurationMs('soon'), null);
});

test('what cannot be read is refused with the reason', () => {
  assert.throws(() => parseQueryText('limit=0'), /limit needs a whole number/);
  assert.throws(() => parseQueryText('lookback=forever'), /lookback needs a duration such as 1h/);
  assert.throws(() => parseQueryText('service='), /service needs a value/);
  assert.throws(() => parseQueryText('span="unterminated'), /a double quote is not closed/);
  assert.throws(() => parseQueryText('error =500'), /cannot read the search at "=500"/);
});
