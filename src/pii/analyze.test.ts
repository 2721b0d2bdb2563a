import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import safeRegex from 'safe-regex2';
import { analyze, compileRecognizers, resolveOverlaps } from './analyze.js';
import { PATTERN_ENTITIES, PII_RECOGNIZERS } from './recognizers.js';
import { SECRET_KINDS, SECRET_RECOGNIZERS } from './secret-recognizers.js';
import type { Detection, Recognizer } from './types.js';

const at = (entity: string, start: number, end: number, score: number): Detection => ({
  entity,
  start,
  end,
  score,
  note: '',
});

/** Splits out lookbehinds (which safe-regex2 cannot parse) so both parts can be checked. */
function splitLookbehinds(source: string): { main: string; bodies: string[] } {
  const bodies: string[] = [];
  let main = '';
  for (let i = 0; i < source.length; i++) {
    if (!source.startsWith('(?<=', i) && !source.startsWith('(?<!', i)) {
      main += source.charAt(i);
      continue;
    }
    let depth = 0;
    let inClass = false;
    let j = i;
    for (; j < source.length; j++) {
      const ch = source[j];
      if (ch === '\\') j++;
      else if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      else if (!inClass && ch === '(') depth++;
      else if (!inClass && ch === ')' && --depth === 0) break;
    }
    bodies.push(source.slice(i + 4, j));
    i = j;
  }
  return { main, bodies };
}

const BUILT_INS: readonly Recognizer[] = [...PII_RECOGNIZERS, ...SECRET_RECOGNIZERS];

describe('recognizer engine', () => {
  it('when overlapping detections compete, then the higher score wins, then the longer span', () => {
    const kept = resolveOverlaps([
      at('PHONE', 0, 12, 0.3),
      at('CREDIT_CARD', 0, 19, 1),
      at('US_SSN', 25, 36, 0.85),
      at('UK_NHS', 22, 36, 0.85),
      at('EMAIL', 40, 50, 1),
    ]);
    assert.deepEqual(
      kept.map((d) => d.entity),
      ['CREDIT_CARD', 'UK_NHS', 'EMAIL'],
    );
  });

  it('when a context word precedes a weak match, then it is raised by 0.35', () => {
    const recognizer = compileRecognizers([
      {
        entity: 'EMPLOYEE_ID',
        patterns: [{ name: 'employee-id', regex: /\bEMP-\d{6}\b/, score: 0.3 }],
        context: ['staff number'],
      },
    ]);
    const plain = analyze('Ticket from EMP-204881 today', recognizer, { minScore: 0 });
    const near = analyze('My staff number is EMP-204881.', recognizer, { minScore: 0 });
    assert.equal(plain[0]?.score, 0.3);
    assert.equal(near[0]?.score, 0.65);
    assert.match(near[0]?.note ?? '', /context word nearby/);
  });

  it('when a recognizer requires context and none is near, then the match is dropped', () => {
    const passports = compileRecognizers(PII_RECOGNIZERS.filter((r) => r.entity === 'US_PASSPORT'));
    assert.equal(analyze('Invoice 512345678 is due', passports, { minScore: 0 }).length, 0);
    assert.equal(analyze('Passport no. 512345678', passports, { minScore: 0 }).length, 1);
  });

  it('when built-in patterns are checked, then none has nested quantifiers', () => {
    for (const r of BUILT_INS) {
      for (const p of r.patterns) {
        const { main, bodies } = splitLookbehinds(p.regex.source);
        assert.ok(safeRegex(main), `${r.entity}/${p.name} may backtrack`);
        for (const body of bodies) {
          const bare = body.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
          assert.doesNotMatch(bare, /[*+?{]/, `${p.name}: a quantifier inside a lookbehind`);
        }
      }
    }
  });

  it('when fed 50 kB of adversarial near-matches, then every recognizer finishes quickly', () => {
    const compiled = compileRecognizers(BUILT_INS);
    const inputs = [
      '1'.repeat(50_000),
      '1 '.repeat(25_000),
      'a.'.repeat(25_000),
      `${'a'.repeat(49_000)}@`,
      `-----BEGIN PRIVATE KEY-----${'A'.repeat(30_000)}`,
      `password=${'x1'.repeat(20_000)}`,
      'ab:'.repeat(16_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      analyze(text, compiled, { minScore: 0 });
      assert.ok(performance.now() - started < 2000, `slow on ${text.slice(0, 12)}…`);
    }
  });

  it('when the entity lists are read, then they name exactly the built-in recognizers', () => {
    assert.deepEqual(
      [...PATTERN_ENTITIES],
      PII_RECOGNIZERS.map((r) => r.entity),
    );
    assert.deepEqual(
      [...SECRET_KINDS],
      SECRET_RECOGNIZERS.map((r) => r.entity),
    );
  });
});
