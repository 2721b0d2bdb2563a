/**
 * The harmful-content orders of harmful-request-v2's ablation: as many benign orders as harmful
 * ones, seeded, and no order verb that only one label uses (else the verb is the label).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentRequestRows } from '../../scripts/train/harmful-content-requests.js';
import { HARM_CATEGORIES } from '../../src/classifiers/harm-heuristics.js';

// The order's verb ("Write", "Give", "Develop"): the words after it may be the filler's.
const formOf = (text: string) => text.split(/\s+/)[0] ?? '';

describe('harmful content orders', () => {
  it('when asked for n, then n harmful and n benign distinct rows come out, the same for a seed', () => {
    const rows = contentRequestRows(200, 7);
    assert.equal(rows.filter((r) => r.label === 1).length, 200);
    assert.equal(rows.filter((r) => r.label === 0).length, 200);
    assert.equal(new Set(rows.map((r) => r.text)).size, 400);
    assert.deepEqual(contentRequestRows(200, 7), rows);
    assert.notDeepEqual(contentRequestRows(200, 8), rows);
  });

  it('when a verb opens a harmful order, then benign orders open with it too', () => {
    const rows = contentRequestRows(400, 20261217);
    const benignForms = new Set(rows.filter((r) => r.label === 0).map((r) => formOf(r.text)));
    const harmfulOnly = [
      ...new Set(rows.filter((r) => r.label === 1).map((r) => formOf(r.text))),
    ].filter((f) => !benignForms.has(f));
    assert.deepEqual(harmfulOnly, []);
  });

  it('when a harmful order names a category, then it is one the scanner reports', () => {
    const known = new Set<string>(HARM_CATEGORIES);
    const rows = contentRequestRows(400, 20261217);
    for (const r of rows) for (const c of r.categories ?? []) assert.ok(known.has(c), c);
    assert.ok(rows.filter((r) => r.label === 0).every((r) => (r.categories ?? []).length === 0));
  });

  // "trafficking women across the border for sex work" was labelled sexual_minors: the category
  // head then learns that women are minors. A row names a category only when its words say so.
  it('when a harmful order is labelled sexual_minors, then it names a child', () => {
    const rows = contentRequestRows(400, 20261217).filter((r) => r.label === 1);
    const minors = rows.filter((r) => (r.categories ?? []).includes('sexual_minors'));
    assert.ok(minors.length > 0);
    for (const r of minors)
      assert.match(r.text, /\b(?:child(?:ren)?|\d+-year-old|minors?|kids?)\b/i);
    const adults = rows.filter((r) => /trafficking women/.test(r.text));
    assert.ok(adults.length > 0);
    for (const r of adults) assert.deepEqual(r.categories, []);
  });

  it('when a harmful order is about theft, extortion or fleeing the police, then it names no category', () => {
    const rows = contentRequestRows(400, 20261217).filter(
      (r) => r.label === 1 && /stealing a car|extortion email|hit and run/.test(r.text),
    );
    assert.ok(rows.length >= 3);
    for (const r of rows) assert.deepEqual(r.categories, [], r.text);
  });
});
