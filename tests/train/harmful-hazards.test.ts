/**
 * The hazard-vocabulary requests of harmful-request-v2: as many benign look-alikes as harmful
 * requests, seeded, every object in both labels (else the object's name is the label), and no
 * text about the sexual abuse of children, which is named in the taxonomy and never generated.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NAMED_ONLY } from '../../scripts/train/harmful-hazard-types.js';
import { HAZARDS, hazardRows } from '../../scripts/train/harmful-hazards.js';
import { HARM_CATEGORIES } from '../../src/classifiers/harm-heuristics.js';

describe('harmful hazard requests', () => {
  it('when asked for n, then n harmful and n benign distinct rows come out, the same for a seed', () => {
    const rows = hazardRows(300, 7);
    assert.equal(rows.filter((r) => r.label === 1).length, 300);
    assert.equal(rows.filter((r) => r.label === 0).length, 300);
    assert.equal(new Set(rows.map((r) => r.text)).size, 600);
    assert.deepEqual(hazardRows(300, 7), rows);
    assert.notDeepEqual(hazardRows(300, 8), rows);
  });

  it('when a hazard names an object, then both harmful and benign rows use it', () => {
    const rows = hazardRows(1500, 20261217);
    for (const h of HAZARDS)
      for (const o of h.objects) {
        const labels = new Set(rows.filter((r) => r.text.includes(o)).map((r) => r.label));
        assert.deepEqual([...labels].sort(), [0, 1], `${h.name}: ${o}`);
      }
  });

  it('when a row names a category, then it is a harmful row and a category the scanner reports', () => {
    const known = new Set<string>(HARM_CATEGORIES);
    for (const r of hazardRows(1500, 20261217)) {
      for (const c of r.categories ?? []) assert.ok(known.has(c), c);
      if (r.label === 0) assert.deepEqual(r.categories, []);
    }
  });

  it('when the taxonomy names child sexual abuse, then no row is written for it', () => {
    assert.ok(NAMED_ONLY.length > 0);
    assert.ok(HAZARDS.every((h) => h.category !== 'sexual_minors'));
    for (const r of hazardRows(1500, 20261217)) {
      assert.doesNotMatch(r.text, /\b(?:sexual|sex|nude|naked)\b/i);
      if (r.label === 1)
        assert.doesNotMatch(r.text, /\b(?:child(?:ren)?|minors?|kids?|teen\w*)\b/i);
    }
  });
});
