import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureIds, featurizeBatch, normalizeText } from './featurize.js';

const CONFIG = { buckets: 2 ** 12, wordNgrams: [1, 2], charNgrams: [3, 4, 5] } as const;

describe('normalizeText', () => {
  it('when text has fullwidth letters, zero-width characters, capitals and odd spacing, then they are folded', () => {
    assert.equal(normalizeText('  ＨＥＬＬＯ\u200b  wo\u200drld\r\n\tthere '), 'hello world there');
  });

  it('when text has URLs and @mentions, then they become placeholders', () => {
    assert.equal(normalizeText('@Ana see https://example.com/x?y=1 now'), '@user see url now');
  });
});

describe('featureIds', () => {
  it('when the same text is featurized twice, then the ids are identical and inside the buckets', () => {
    const a = featureIds('You are kind.', CONFIG);
    assert.deepEqual(a, featureIds('You are kind.', CONFIG));
    assert.ok(a.every((id) => Number.isInteger(id) && id >= 0 && id < CONFIG.buckets));
  });

  it('when texts differ only in case or invisible characters, then they get the same features', () => {
    assert.deepEqual(featureIds('Hello There', CONFIG), featureIds('hello\u200b there', CONFIG));
  });

  it('when the text is empty, then it still has its one always-present feature', () => {
    assert.equal(featureIds('', CONFIG).length, 1); // the padded "  " has no 3-gram
  });

  it('when counted, then there are word uni- and bigrams and char 3–5-grams of the padded text', () => {
    const text = 'ab cd'; // padded " ab cd " has 7 characters
    const expected = 1 + 2 + 1 + (7 - 2) + (7 - 3) + (7 - 4);
    assert.equal(featureIds(text, CONFIG).length, expected);
  });
});

describe('featurizeBatch', () => {
  it('when several texts are packed, then segments number the rows in order', () => {
    const batch = featurizeBatch(['a b', '', 'c'], CONFIG);
    assert.equal(batch.rows, 3);
    assert.equal(batch.ids.length, batch.segments.length);
    assert.deepEqual([...new Set(batch.segments)], [0, 1, 2]);
  });
});

describe('featureIds against the reference hashing', () => {
  // The trained models' ids: FNV-1a over each n-gram sliced (words joined by a space) — what
  // featureIds computed before it hashed in place. Shipped models depend on these exact ids.
  const fnv = (namespace: string, text: string) => {
    let h = Math.imul(0x811c9dc5 ^ namespace.charCodeAt(0), 0x01000193);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const reference = (text: string, config: typeof CONFIG) => {
    const mask = config.buckets - 1;
    const normalized = normalizeText(text);
    const ids = [fnv('b', '\u0001bias') & mask];
    const words = normalized.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
    for (const n of config.wordNgrams)
      for (let i = 0; i + n <= words.length; i++)
        ids.push(fnv('w', words.slice(i, i + n).join(' ')) & mask);
    const padded = ` ${normalized} `;
    for (const n of config.charNgrams)
      for (let i = 0; i + n <= padded.length; i++)
        ids.push(fnv('c', padded.slice(i, i + n)) & mask);
    return ids;
  };

  it('when texts of every shape are featurized, then the ids are the reference ids, in order', () => {
    const texts = [
      '',
      'a',
      'ab cd',
      "Don't   STOP me now 😀 @bob https://x.y/z",
      'ｆｕｌｌ width — ünïcode',
    ];
    texts.push('Where is my parcel? It has not arrived. '.repeat(30));
    for (const text of texts) assert.deepEqual(featureIds(text, CONFIG), reference(text, CONFIG));
    const other = { buckets: 2 ** 8, wordNgrams: [3, 1], charNgrams: [5, 2] } as const;
    for (const text of texts)
      assert.deepEqual(featureIds(text, other), reference(text, other as unknown as typeof CONFIG));
  });
});
