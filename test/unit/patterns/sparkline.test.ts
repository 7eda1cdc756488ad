import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sparkline } from '../../../src/extension/patterns/sparkline';

test('sparkline: scaled to the largest cell, empty cells lowest, summed to fit the width', () => {
  assert.equal(sparkline([0, 1, 2, 4, 8]), '▁▂▃▅█');
  assert.equal(sparkline([0, 0]), '▁▁');
  assert.equal(sparkline([]), '');
  assert.equal(sparkline([1, 1, 0, 0, 2, 2], 3), '▅▁█');
});
