import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest } from '../../src/cli/closest.js';

test('closest: typos find their word, a swap of neighbours counts as one, far words find nothing', () => {
  assert.equal(closest('yaer', ['year']), 'year');
  assert.equal(closest('fromat', ['format', 'out']), 'format');
  assert.equal(closest('exprot', ['chat', 'import', 'export', 'digest']), 'export');
  assert.equal(closest('remidners', ['reminders', 'digest']), 'reminders');
  assert.equal(closest('zzz', ['year', 'send']), undefined);
  assert.equal(closest('x', ['y']), undefined, 'a one-letter word is not a typo of another');
});
