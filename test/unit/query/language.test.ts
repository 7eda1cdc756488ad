import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtrackRisk, parseFilter, FilterSyntaxError } from '../../../src/core/query/language';

const kinds = (text: string) => parseFilter(text).terms.map((t) => `${t.negate ? '-' : ''}${t.kind}`);

test('terms: words, phrases, negation, regex, levels, columns, fields, times, patterns', () => {
  assert.deepEqual(
    kinds(
      'checkout "payment declined" -health /x\\d+/i level>=warn trace:ab corr:r1 thread:main service:a* ' +
        'http.status:500 since:15m pattern:p1',
    ),
    ['text', 'text', '-text', 'regex', 'level', 'column', 'column', 'column', 'column', 'field', 'time', 'pattern'],
  );
  const [phrase] = parseFilter('"say \\"hi\\""').terms;
  assert.deepEqual(phrase && phrase.kind === 'text' ? phrase.text : null, 'say "hi"');
  const [trace] = parseFilter('trace:ABCdef').terms;
  assert.deepEqual(trace && trace.kind === 'column' ? [trace.name, trace.values] : null, [
    'traceId',
    [{ exact: 'abcdef' }],
  ]);
  const [glob] = parseFilter('user.name:"Jo*n Smith"').terms;
  assert.ok(glob && glob.kind === 'field' && 'glob' in glob.values[0]! && glob.values[0].glob.test('john smith'));
  assert.deepEqual(kinds('http://example.com/a'), ['text'], 'a URL is a word, not the field "http"');
  assert.deepEqual(parseFilter('   ').terms, []);
});

test('times: ISO (UTC unless it says), sub-millisecond digits, durations', () => {
  const at = (text: string) => {
    const t = parseFilter(text).terms[0]!;
    return t.kind === 'time' ? t.at : null;
  };
  assert.deepEqual(at('since:2024-05-01T10:00:00Z'), { absNs: 1714557600000000000n });
  assert.deepEqual(at('since:2024-05-01T12:00:00+02:00'), { absNs: 1714557600000000000n });
  assert.deepEqual(at('until:2024-05-01T10:00:00.123456789'), { absNs: 1714557600123456789n });
  assert.deepEqual(at('since:2024-05-01'), { absNs: 1714521600000000000n });
  assert.deepEqual(at('since:1.5s'), { agoNs: 1_500_000_000n });
  assert.deepEqual(at('since:2d'), { agoNs: 172_800_000_000_000n });
});

test('mistakes name the column and the length of what is wrong', () => {
  const err = (text: string) => {
    try {
      parseFilter(text);
    } catch (e) {
      if (e instanceof FilterSyntaxError) return [e.column, e.length];
      throw e;
    }
    return null;
  };
  assert.deepEqual(err('level:warn level:nope'), [18, 4]);
  assert.deepEqual(err('level:warn,nope'), [12, 4]);
  assert.deepEqual(err('a "b'), [3, 2]);
  assert.deepEqual(err('a /b'), [3, 2]);
  assert.deepEqual(err('x /a/g'), [6, 1]);
  assert.deepEqual(err('service>=x'), [8, 2]);
  assert.deepEqual(err('-since:5m'), [1, 9]);
  assert.equal(err('level>=warn service:"a b" /c/i'), null);
});

test('regular expressions that could backtrack without end are refused; ordinary ones pass', () => {
  for (const risky of ['(a+)+', '(\\w*)*x', '(?:a|b+)+c', '((ab)+)+', '.*a.*b.*c.*d'])
    assert.ok(backtrackRisk(risky), risky);
  for (const fine of [
    'timeout \\d+ms',
    '(?:GET|POST) /api',
    '(ab)+c',
    '[a+]+',
    'a{2,5}b',
    '^\\s*at .+\\(.*\\)$',
    '(\\d{1,3}\\.){3}\\d{1,3}',
  ]) {
    assert.equal(backtrackRisk(fine), null, fine);
  }
});
