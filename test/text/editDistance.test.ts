import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance } from '../../src/text/editDistance.js';

test('counts inserts, deletes, replacements and a swap of neighbours as one edit each', () => {
  assert.equal(editDistance('进度', '进度'), 0);
  assert.equal(editDistance('进读', '进度'), 1);
  assert.equal(editDistance('进', '进度'), 1);
  assert.equal(editDistance('hlep', 'help'), 1);
  assert.equal(editDistance('你好', '帮助'), 2);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});
