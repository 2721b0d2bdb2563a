/**
 * The toxicity-v2 training generators written for its failures: counterfactual identity swaps
 * (within a kind, never out of an ordinary word), group hate beside its contrasts in the same
 * words, and the spelling noise both share. Seeded: the same seed gives the same rows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../scripts/train/dataset.js';
import { groupContrastRows, groupHateRows } from '../../scripts/train/linear/group-hate.js';
import {
  functionContrastRows,
  functionHateRows,
} from '../../scripts/train/linear/hate-functions.js';
import {
  descriptorContrastRows,
  descriptorHateRows,
  descriptorSelfRows,
} from '../../scripts/train/linear/identity-descriptors.js';
import { explicitAdRows } from '../../scripts/train/linear/explicit-ads.js';
import { swapIdentities } from '../../scripts/train/linear/identity-swap.js';
import { misspell } from '../../scripts/train/linear/spelling.js';
import { IDENTITY_KINDS } from '../../scripts/train/identity-balance.js';

describe('counterfactual identity swaps', () => {
  it('when a text names a group, then every mention becomes the same other group of its kind', () => {
    const religions = new Set(IDENTITY_KINDS[1]!.flatMap((t) => [t.adj, t.plural ?? '']));
    for (let seed = 1; seed <= 20; seed++) {
      const out = swapIdentities('Muslims again. Muslims always!', seededRandom(seed));
      const m = /^(.+) again\. (.+) always!$/.exec(out ?? '');
      assert.ok(m, String(out));
      assert.equal(m[1], m[2]);
      assert.notEqual(m[1], 'Muslims');
      assert.ok(religions.has(m[1]!), `${m[1]} is not a religion's plural`);
    }
  });

  it('when an ordinary word names a group before a person noun, then it is swapped', () => {
    const ethnicities = new Set(IDENTITY_KINDS[2]!.map((t) => t.adj));
    const out = swapIdentities('Black families run this club.', seededRandom(4)) ?? '';
    const m = /^(.+) families run this club\.$/.exec(out);
    assert.ok(m && ethnicities.has(m[1]!) && m[1] !== 'Black', out);
  });

  it('when a text names no group, or only with ordinary words, then there is no copy', () => {
    const random = seededRandom(3);
    assert.equal(swapIdentities('The parcel came late again.', random), undefined);
    assert.equal(swapIdentities('An old white van, straight ahead.', random), undefined);
    assert.equal(swapIdentities('Jewishness', random), undefined);
  });
});

describe('group hate and its contrasts', () => {
  it('when generated twice with one seed, then the rows are the same, labelled by family', () => {
    assert.deepEqual(groupHateRows(5, 50), groupHateRows(5, 50));
    assert.ok(groupHateRows(5, 200).every((r) => r.label === 1));
    assert.ok(groupHateRows(5, 200).every((r) => r.categories?.includes('identity_attack')));
    assert.ok(groupContrastRows(5, 200).every((r) => r.label === 0));
    assert.notDeepEqual(groupHateRows(5, 50), groupHateRows(6, 50));
  });

  it('when both families are generated, then they share their words, so no word alone is the label', () => {
    const words = (rows: { text: string }[]) =>
      new Set(rows.flatMap((r) => r.text.toLowerCase().match(/[a-z]+/g) ?? []));
    const hate = words(groupHateRows(9, 3000));
    const contrast = words(groupContrastRows(9, 3000));
    for (const w of ['muslims', 'immigrants', 'vermin', 'disgusting', 'hate', 'killed'])
      assert.ok(hate.has(w) && contrast.has(w), w);
  });
});

describe('hate functions and their contrasts', () => {
  it('when generated twice with one seed, then the rows are the same, labelled by family', () => {
    assert.deepEqual(functionHateRows(5, 60), functionHateRows(5, 60));
    assert.deepEqual(functionContrastRows(5, 60), functionContrastRows(5, 60));
    assert.ok(functionHateRows(5, 300).every((r) => r.label === 1));
    assert.ok(functionHateRows(5, 300).every((r) => r.categories?.includes('identity_attack')));
    assert.ok(functionContrastRows(5, 300).every((r) => r.label === 0));
  });

  it('when both families are generated, then emotions, frames and quoted hate appear on both sides', () => {
    const words = (rows: { text: string }[]) =>
      new Set(rows.flatMap((r) => r.text.toLowerCase().match(/[a-z]+/g) ?? []));
    const hate = words(functionHateRows(9, 3000));
    const contrast = words(functionContrastRows(9, 3000));
    for (const w of ['despise', 'skin', 'never', 'trusted', 'zoo', 'toilets', 'rather', 'nothing'])
      assert.ok(hate.has(w) && contrast.has(w), w);
  });

  it('when counter-speech quotes hate, then the quote is a hate sentence in quotation marks', () => {
    const quoted = functionContrastRows(3, 2000).filter((r) => /"[^"]+"/.test(r.text));
    assert.ok(quoted.length >= 200, `${quoted.length} quoting rows`);
  });

  it('when a text is generated, then no template slot is left unfilled', () => {
    for (const r of [...functionHateRows(2, 2000), ...functionContrastRows(2, 2000)])
      assert.doesNotMatch(r.text, /[{}]/, r.text);
  });
});

describe('identity descriptors and their contrasts', () => {
  it('when generated twice with one seed, then the rows are the same, labelled by family', () => {
    assert.deepEqual(descriptorHateRows(5, 60), descriptorHateRows(5, 60));
    assert.deepEqual(descriptorContrastRows(5, 60), descriptorContrastRows(5, 60));
    assert.ok(descriptorHateRows(5, 300).every((r) => r.label === 1 && r.categories?.length));
    assert.ok(descriptorContrastRows(5, 300).every((r) => r.label === 0));
  });

  it('when both families are generated, then frames and identity words appear on both sides', () => {
    const words = (rows: { text: string }[]) =>
      new Set(rows.flatMap((r) => r.text.toLowerCase().match(/[a-z]+/g) ?? []));
    const hate = words(descriptorHateRows(9, 3000));
    const contrast = words(descriptorContrastRows(9, 3000));
    for (const w of ['you', 'being', 'anyone', 'muslim', 'deaf', 'trans', 'nurse', 'every'])
      assert.ok(hate.has(w) && contrast.has(w), w);
    for (const r of [...descriptorHateRows(2, 2000), ...descriptorContrastRows(2, 2000)]) {
      assert.doesNotMatch(r.text, /[{}]/, r.text);
      // The article agrees with the word after it.
      assert.doesNotMatch(r.text, /\ba (?:[aeio]\w+)/i, r.text);
    }
  });
});

describe('harm verbs and ordinary words', () => {
  it('when "old" or "white" is the identity word, then a hate row names people, never "the old ones"', () => {
    for (const r of descriptorHateRows(4, 3000))
      assert.doesNotMatch(r.text, /\bthe (?:old|older|young|white|straight) ones\b/i, r.text);
  });

  it('when a harm verb is about an old object, then the row is label 0', () => {
    const chores = descriptorContrastRows(4, 3000).filter((r) =>
      /\bold (?:laptop|sofa|car)\b/.test(r.text),
    );
    assert.ok(chores.length > 10, String(chores.length));
    assert.ok(chores.every((r) => r.label === 0));
  });
});

describe('first-person self-descriptions', () => {
  it('when generated twice with one seed, then the rows are the same, 3 in 4 label 0', () => {
    const rows = descriptorSelfRows(5, 400);
    assert.deepEqual(rows, descriptorSelfRows(5, 400));
    assert.equal(rows.filter((r) => r.label === 0).length, 300);
    assert.ok(rows.every((r) => r.label === 0 || r.categories?.includes('toxicity')));
    for (const r of rows) {
      assert.doesNotMatch(r.text, /[{}]/, r.text);
      assert.doesNotMatch(r.text, /\ba (?:[aeio]\w+)/i, r.text);
    }
  });

  it('when a row describes its writer by identity, then both labels carry the same self-descriptions', () => {
    const rows = descriptorSelfRows(9, 3000);
    const self = /^(?:as (?:an? |someone who is )|i am |i'm |being an? |hi, i am )/i;
    const opening = (label: 0 | 1) =>
      rows.filter((r) => r.label === label && self.test(r.text)).length;
    // Most rows open with the self-description (the rest put it at the end).
    assert.ok(opening(0) > 1800 && opening(1) > 600, `${opening(0)} / ${opening(1)}`);
    const ids = (label: 0 | 1) =>
      new Set(
        rows
          .filter((r) => r.label === label)
          .flatMap(
            (r) => r.text.toLowerCase().match(/\b(?:black|muslim|gay|deaf|jewish)\b/g) ?? [],
          ),
      );
    for (const id of ['black', 'muslim', 'gay', 'deaf', 'jewish'])
      assert.ok(ids(0).has(id) && ids(1).has(id), id);
  });

  it('when a gender adjective is drawn, then the person noun is not gendered', () => {
    for (const r of descriptorSelfRows(3, 3000))
      assert.doesNotMatch(r.text, /\b(?:fe)?male (?:wo)?man\b|\bmale (?:mother|grand)/i, r.text);
  });
});

describe('explicit adverts and ordinary adverts', () => {
  it('when generated, then half are explicit (sexual_explicit) and half ordinary, the same for a seed', () => {
    const rows = explicitAdRows(3, 400);
    assert.deepEqual(rows, explicitAdRows(3, 400));
    assert.equal(rows.filter((r) => r.label === 1).length, 200);
    assert.ok(rows.every((r) => r.label === 0 || r.categories?.includes('sexual_explicit')));
    assert.ok(
      rows.every((r) => !/[{}]/.test(r.text)),
      'no unfilled slot',
    );
  });
});

describe('spelling noise', () => {
  it('when the rate is 0, then the text is unchanged; at 1, one word changes', () => {
    const text = 'they are all terrible people';
    assert.equal(misspell(text, 0, seededRandom(1)), text);
    let changed = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const out = misspell(text, 1, seededRandom(seed));
      if (out !== text) changed++;
      // Every edit keeps the letters but one (a dropped letter) once spaces are ignored.
      const letters = (s: string) => s.replace(/ /g, '').length;
      assert.ok(letters(text) - letters(out) <= 1 && letters(out) <= letters(text), out);
    }
    assert.ok(changed >= 45, `${changed} of 50 changed`);
  });
});
