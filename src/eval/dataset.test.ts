import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isGatewayError } from '../errors.js';
import { groupOf, readDataset } from './dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-dataset-'));
const SECRET = 'Mrs Example lives at 1 Hidden Lane';

function file(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, lines.join('\n'));
  return path;
}

function failure(path: string): string {
  try {
    readDataset(path);
  } catch (err) {
    assert.ok(isGatewayError(err));
    assert.equal(err.code, 'usage_invalid');
    return err.detail ?? '';
  }
  assert.fail('expected the file to be refused');
}

describe('readDataset', () => {
  it('when rows are classification rows, then labels, categories and lines are kept and the folder is the group', () => {
    const path = file('toxicity/a.jsonl', [
      JSON.stringify({ id: 'a', text: 'hello', label: 0, categories: [], source: 's', meta: {} }),
      '',
      JSON.stringify({ id: 2, text: 'bye\r', label: 1, categories: ['insult'] }),
      '',
    ]);
    const dataset = readDataset(path);
    assert.equal(dataset.kind, 'classify');
    assert.equal(dataset.group, 'toxicity');
    assert.deepEqual(dataset.rows, [
      { line: 1, id: 'a', text: 'hello', label: 0, categories: [] },
      { line: 3, id: 2, text: 'bye\r', label: 1, categories: ['insult'] },
    ]);
  });

  it('when rows are span rows, then spans keep their UTF-16 offsets and type', () => {
    const text = '👋 Ana';
    const path = file('pii/b.jsonl', [
      JSON.stringify({
        id: 'b',
        text,
        spans: [{ start: 3, end: 6, type: 'PERSON', orig_type: 'person' }],
      }),
    ]);
    const dataset = readDataset(path);
    assert.equal(dataset.kind, 'spans');
    assert.deepEqual(dataset.rows[0], {
      line: 1,
      id: 'b',
      text,
      spans: [{ start: 3, end: 6, type: 'PERSON' }],
    });
  });

  it('when a line is not JSON, then the error names file:line and never quotes the text', () => {
    const path = file('bad/c.jsonl', [
      JSON.stringify({ id: 'ok', text: 'fine', label: 0 }),
      `{"id":"x","text":"${SECRET}",`,
    ]);
    const detail = failure(path);
    assert.equal(detail, `${path}:2: not valid JSON`);
  });

  it('when a row breaks the schema, then the error names the field, never its value', () => {
    const label = failure(file('bad/d.jsonl', [JSON.stringify({ id: 1, text: SECRET, label: 2 })]));
    assert.match(label, /d\.jsonl:1: label: must be 0 or 1$/);
    const span = failure(
      file('bad/e.jsonl', [
        JSON.stringify({ id: 1, text: SECRET, spans: [{ start: 5, end: 99, type: 'X' }] }),
      ]),
    );
    assert.match(span, /e\.jsonl:1: spans\[0\]\.end: beyond the end of the text$/);
    const text = failure(file('bad/f.jsonl', [JSON.stringify({ id: 1, text: 7, label: 1 })]));
    assert.match(text, /f\.jsonl:1: text: /);
    for (const d of [label, span, text]) assert.ok(!d.includes('Hidden'));
  });

  it('when kinds are mixed, a row has neither label nor spans, or the file is empty, then it is refused', () => {
    const mixed = file('bad/g.jsonl', [
      JSON.stringify({ id: 1, text: 'a', label: 1 }),
      JSON.stringify({ id: 2, text: 'b', spans: [] }),
    ]);
    assert.match(failure(mixed), /g\.jsonl:2: a spans row in a classify file$/);
    const neither = file('bad/h.jsonl', [JSON.stringify({ id: 1, text: 'a' })]);
    assert.match(failure(neither), /h\.jsonl:1: a row needs "label"/);
    assert.match(failure(file('bad/i.jsonl', ['', ''])), /i\.jsonl: no rows$/);
    assert.match(
      failure(join(dir, 'missing.jsonl')),
      /missing\.jsonl: cannot read the file \(ENOENT\)$/,
    );
  });
});

describe('groupOf', () => {
  it('when a file is given without a folder, then it pools by its kind', () => {
    assert.equal(groupOf('rows.jsonl', 'spans'), 'spans');
    assert.equal(groupOf('data/dev/toxicity/x.jsonl', 'classify'), 'toxicity');
  });
});
