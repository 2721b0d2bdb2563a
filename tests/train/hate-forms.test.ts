/**
 * Round 8's hate forms (scripts/train/linear/hate-forms.ts): seeded, labelled by family, and the
 * hate and contrast sides share their words, so the framing decides, not a word alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formContrastRows, formHateRows } from '../../scripts/train/linear/hate-forms.js';

describe('hate forms and their contrasts', () => {
  it('when generated twice with one seed, then the rows are the same, labelled by family', () => {
    assert.deepEqual(formHateRows(5, 60), formHateRows(5, 60));
    assert.deepEqual(formContrastRows(5, 60), formContrastRows(5, 60));
    assert.notDeepEqual(formHateRows(5, 60), formHateRows(6, 60));
    assert.ok(formHateRows(5, 300).every((r) => r.label === 1));
    assert.ok(formHateRows(5, 300).every((r) => r.categories?.includes('identity_attack')));
    assert.ok(formContrastRows(5, 300).every((r) => r.label === 0));
  });

  it('when both sides are generated, then questions, negations and quoted hate appear on both', () => {
    const hate = formHateRows(9, 3000).map((r) => r.text.toLowerCase());
    const contrast = formContrastRows(9, 3000).map((r) => r.text.toLowerCase());
    for (const cue of ['why are', "can't", 'is it just me', 'never any good', '"'])
      assert.ok(
        contrast.some((t) => t.includes(cue)),
        cue,
      );
    for (const cue of ['why are', "can't", 'is it just me'])
      assert.ok(
        hate.some((t) => t.includes(cue)),
        cue,
      );
    // Mangled insults: some hate rows hold an insult that is not spelt as a dictionary word.
    assert.ok(
      hate.some(
        (t) =>
          /\b(sc\*m|vremin|parasties|w0r7hl355|rtas|tr\*sh)\b/.test(t) || /[a-z]\*[a-z]/.test(t),
      ),
    );
  });

  it("when options are given, then they only add rows: without them the rows are round 8's", () => {
    const plain = formContrastRows(7, 500);
    assert.deepEqual(formContrastRows(7, 500, {}), plain);
    const kind = formContrastRows(7, 500, { kind: true });
    assert.ok(kind.every((r) => r.label === 0));
    assert.notDeepEqual(kind, plain);
    // Without bare insults, an insult word only appears inside a quoted hate row.
    const clean = formContrastRows(7, 2000, { kind: true, noInsults: true });
    assert.ok(clean.filter((r) => /\bvermin\b/i.test(r.text)).every((r) => r.text.includes('"')));
  });
});
