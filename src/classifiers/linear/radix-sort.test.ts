import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortBelow } from './radix-sort.js';

test('sortBelow sorts like the native sort, for even and odd numbers of passes', () => {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (const bits of [0, 8, 18, 20, 24, 32])
    for (const count of [0, 1, 255, 256, 300, 5000]) {
      const values = new Uint32Array(count + 10);
      const mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
      for (let i = 0; i < values.length; i++) values[i] = (next() & mask) >>> 0;
      const tail = values.slice(count);
      const expected = values.slice(0, count).sort();
      assert.deepEqual(sortBelow(values, count, bits), expected, `bits ${bits}, ${count} values`);
      // Only the first `count` values are sorted; the rest of the scratch array is untouched.
      assert.deepEqual(values.slice(count), tail);
    }
});
