/** docs/decisions.md's category table is CATEGORY_ROWS, row for row. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATEGORY_ROWS } from './moderation-categories.js';

const DOC = new URL('../../docs/decisions.md', import.meta.url);

describe('docs/decisions.md category table', () => {
  it('when the table in the docs is read, then it lists exactly the rows of CATEGORY_ROWS', () => {
    const text = readFileSync(DOC, 'utf8');
    const table =
      text.split('<!-- category-table:start -->')[1]?.split('<!-- category-table:end -->')[0] ?? '';
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .slice(2)
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim().replaceAll('`', '')),
      );
    const expected = CATEGORY_ROWS.map((r) => [
      r.scanner,
      r.kind,
      r.categories.length ? r.categories.join(', ') : '(none)',
    ]);
    assert.deepEqual(rows, expected);
  });
});
