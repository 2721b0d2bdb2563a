import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCommonWord } from '../common-words.js';
import { defaultGazetteer, type Gazetteer } from '../gazetteer.js';
import { featureHash } from './feature-hash.js';
import { isLowerText, nerTokens, tokenFeatures } from './features.js';

/**
 * The feature templates written out as strings, as ner-v1 was trained on them: the scanner
 * hashes them from their parts (features.ts), and must land in the same buckets or the shipped
 * weights mean nothing.
 */
function reference(text: string, g: Gazetteer, buckets: number): number[][] {
  const tokens = nerTokens(text);
  const lc = isLowerText(text) ? 'L' : 'U';
  const shape = (w: string) =>
    (w.match(/./gsu) ?? [])
      .map((c) => (/\p{Lu}/u.test(c) ? 'X' : /\p{L}/u.test(c) ? 'x' : /\p{N}/u.test(c) ? 'd' : c))
      .filter((c, i, all) => c !== all[i - 1])
      .join('')
      .slice(0, 9);
  const gaz = (w: string) =>
    [
      g.firstNames.has(w) ? 'F' : '',
      g.surnames.has(w) ? 'S' : '',
      g.regions.has(w) ? 'R' : '',
      g.cities.has(w) ? 'C' : '',
      isCommonWord(w) ? 'W' : '',
    ].join('') || '-';
  const info = tokens.map((t) => {
    if (/^\[[A-Z]|^[^@\s]+@[^@\s]+\.|:\/\/|^www\./u.test(t.text))
      return { lower: '<ent>', shape: '<ent>', gaz: '-' };
    const lower = t.text.toLowerCase().replace(/’/gu, "'");
    return { lower, shape: shape(t.text), gaz: gaz(lower.replace(/^[@#]/u, '')) };
  });
  const at = (i: number) => info[i] ?? { lower: i < 0 ? '<s>' : '</s>', shape: '<>', gaz: '<>' };
  return tokens.map((_t, i) => {
    const [w, p, n, p2, n2] = [at(i), at(i - 1), at(i + 1), at(i - 2), at(i + 2)];
    const bare = w.lower.replace(/^[@#]/u, '');
    const place = (a: string, b: string) => g.cities.has(`${a} ${b}`) || g.regions.has(`${a} ${b}`);
    const pl2 = (i > 0 && place(p.lower, w.lower)) || place(w.lower, n.lower) ? 1 : 0;
    const first = i === 0 || /^[.!?:"]$/u.test(p.lower) ? 1 : 0;
    const s2 = w.shape.slice(0, 2);
    return [
      'b',
      `b${lc}`,
      `w=${w.lower}`,
      `sh=${w.shape}`,
      `sh${lc}=${w.shape}|${first}`,
      `p3=${bare.slice(0, 3)}`,
      `s2=${bare.slice(-2)}`,
      `s3=${bare.slice(-3)}`,
      `s4=${bare.slice(-4)}`,
      `len=${Math.min(bare.length, 8)}`,
      `g=${w.gaz}`,
      `g${lc}=${w.gaz}|${s2}`,
      `gp=${p.gaz}|${w.gaz}`,
      `gn=${w.gaz}|${n.gaz}`,
      `pl2=${pl2}|${lc}`,
      `w-1=${p.lower}`,
      `w+1=${n.lower}`,
      `w-2=${p2.lower}`,
      `w+2=${n2.lower}`,
      `w-1w=${p.lower}|${w.lower}`,
      `ww+1=${w.lower}|${n.lower}`,
      `w-2w-1=${p2.lower}|${p.lower}`,
      `sh-1=${p.shape}|${w.shape}`,
      `sh+1=${w.shape}|${n.shape}`,
      `first=${first}|${s2}`,
    ].map((f) => featureHash(f, buckets));
  });
}

describe('ner-v1 features', () => {
  const g = defaultGazetteer();
  for (const text of [
    'Yesterday I met Maria Gonzalez in New York. She said: "Call [PERSON_1] at jo@x.org"',
    'i flew from los angeles to see @john_smith #london O’Brien’s café ÅSA 2024 Jean-Luc',
    '',
  ]) {
    it(`when features are hashed from their parts, then they equal the templates' hashes (${JSON.stringify(text.slice(0, 20))})`, () => {
      const got = tokenFeatures(nerTokens(text), isLowerText(text), g, 2 ** 18).map((r) => [...r]);
      assert.deepEqual(got, reference(text, g, 2 ** 18));
    });
  }
});

describe('ner-v1 word-cluster features', () => {
  const g = defaultGazetteer();
  // a hand-made cluster table: the templates, not GloVe, are under test here
  const clusters = new Map([
    ['maria', ['3', '12', '49']],
    ['barcelona', ['7', '30', '121']],
    ['in', ['1', '4', '16']],
  ]);
  it('when a model reads word clusters, then each token gets the 25 features and then the 6 cluster templates', () => {
    const text = 'Maria lives in Barcelona [PERSON_1]';
    const tokens = nerTokens(text);
    const got = tokenFeatures(tokens, isLowerText(text), g, 2 ** 18, clusters).map((r) => [...r]);
    const plain = reference(text, g, 2 ** 18);
    const cl = (i: number): string[] => {
      const t = tokens[i];
      if (t === undefined) return ['<>', '<>', '<>'];
      if (t.text.startsWith('[')) return ['<e>', '<e>', '<e>'];
      return clusters.get(t.text.toLowerCase()) ?? ['-', '-', '-'];
    };
    const shape2 = ['Xx', 'x', 'x', 'Xx', '<e'];
    const want = tokens.map((_t, i) => [
      ...(plain[i] ?? []),
      ...[
        `c0=${cl(i)[0]}`,
        `c1=${cl(i)[1]}`,
        `c2=${cl(i)[2]}`,
        `c1sh=${cl(i)[1]}|${shape2[i]}`,
        `c1-1=${cl(i - 1)[1]}`,
        `c1+1=${cl(i + 1)[1]}`,
      ].map((f) => featureHash(f, 2 ** 18)),
    ]);
    assert.deepEqual(got, want);
  });
});

describe('isLowerText', () => {
  const cases: readonly (readonly [string, boolean])[] = [
    ['hi there', true],
    ['Hi there', false],
    ['mail Jo@Example.com or see https://X.io/A now', true],
    ['ask [PERSON_1] about it', true],
    ['mail jo@x.io, then Bob', false],
    ['(see www.Example.com) then call', true],
    ['write to B@ now', false],
  ];
  for (const [text, want] of cases) {
    it(`when the text is ${JSON.stringify(text)}, then lower-case is ${want}`, () => {
      assert.equal(isLowerText(text), want);
    });
  }
});
