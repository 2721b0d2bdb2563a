/**
 * The injection generator reads only permitted benign_chat files: the generated rows carry their
 * texts into prompt-injection-v2, so a left-out (share-alike) file must never be among them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  accountWords,
  CONTRASTIVE_LICENCE,
  passwordPolicy,
  QUESTION_FILES,
  questionSources,
  taskSwitchPairs,
} from '../../scripts/train/gen-injection-data.js';
import { HELD_OUT } from '../../scripts/train/injection-password-policy.js';
import { BENIGN_CHAT, EXCLUDED_SHARED } from '../../scripts/train/train-sources.js';

describe('gen-injection-data sources', () => {
  it('reads no EXCLUDED_SHARED file, only BENIGN_CHAT files', () => {
    const excluded = new Set<string>(EXCLUDED_SHARED.map((e) => e.file));
    for (const file of QUESTION_FILES) {
      assert.ok(!excluded.has(`benign_chat/${file}.jsonl`), file);
      assert.ok(
        BENIGN_CHAT.some((s) => s.file === file),
        file,
      );
    }
    assert.equal(questionSources().length, QUESTION_FILES.length);
  });

  it('refuses a left-out or unlisted file', () => {
    assert.throws(() => questionSources(['sgd_user_turns']), /left out of training.*CC-BY-SA/);
    assert.throws(() => questionSources(['no_such_file']), /not in BENIGN_CHAT/);
  });

  it('names the licences of the questions it carries', () => {
    assert.match(CONTRASTIVE_LICENCE, /banking77 \(CC-BY-4\.0\)/);
    assert.doesNotMatch(CONTRASTIVE_LICENCE, /sgd|SA/);
  });
});

const TRAIN = fileURLToPath(new URL('../../../shared/data/train', import.meta.url));

describe('gen-injection-data task switches', () => {
  const skip = existsSync(TRAIN) ? false : `no training data at ${TRAIN} (../shared is absent)`;

  it(
    'when generated twice with one seed, then the rows are equal, both labels in English and German, no text with both',
    { skip },
    () => {
      const a = taskSwitchPairs(TRAIN, 7, 50);
      assert.deepEqual(a, taskSwitchPairs(TRAIN, 7, 50));
      for (const lang of ['lang:en', 'lang:de'])
        for (const label of [0, 1])
          assert.ok(
            a.some((r) => r.label === label && r.categories.includes(lang)),
            `${lang} ${label}`,
          );
      const texts = new Set(a.map((r) => r.text));
      assert.equal(texts.size, a.length);
    },
  );

  it('when persona orders are left out, then no attack swaps the persona', { skip }, () => {
    const rows = taskSwitchPairs(TRAIN, 7, 200, false);
    assert.ok(
      !rows.some(
        (r) =>
          r.label === 1 && /\b(?:you are|du bist) (?:a |an |ein|eine|my |Donald)/i.test(r.text),
      ),
    );
  });
});

describe('gen-injection-data password and access messages', () => {
  it('when generated twice with one seed, then the rows are equal, in four languages, both labels, the held-out probe absent', () => {
    const a = accountWords(7, 100, 50);
    assert.deepEqual(a, accountWords(7, 100, 50));
    for (const lang of ['lang:en', 'lang:de', 'lang:fr', 'lang:es'])
      assert.ok(
        a.some((r) => r.label === 0 && r.categories.includes(lang)),
        lang,
      );
    assert.ok(a.some((r) => r.label === 1));
    assert.equal(new Set(a.map((r) => r.text)).size, a.length);
    // The regression row stays held out, so its score says whether the family generalizes.
    assert.ok(!a.some((r) => /password policy/i.test(r.text)));
  });
});

describe('gen-injection-data password-policy pairs', () => {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();

  it('when generated twice with one seed, then the rows are equal, both labels in English and German, notices benign, the held-out rows absent', () => {
    const a = passwordPolicy(7, 200, 100, 50);
    assert.deepEqual(a, passwordPolicy(7, 200, 100, 50));
    for (const lang of ['lang:en', 'lang:de'])
      for (const label of [0, 1])
        assert.ok(
          a.some((r) => r.label === label && r.categories.includes(lang)),
          `${lang} ${label}`,
        );
    assert.equal(new Set(a.map((r) => r.text)).size, a.length);
    assert.ok(a.some((r) => r.label === 0 && r.text.startsWith('From: ')));
    // The customer-regression rows stay held out: their scores test the family, not a template.
    const texts = new Set(a.map((r) => norm(r.text)));
    for (const held of HELD_OUT) assert.ok(!texts.has(norm(held)), held);
  });

  it('when notices are off, then the first rows are the same as with them', () => {
    const without = passwordPolicy(7, 200, 100);
    const withNotices = passwordPolicy(7, 200, 100, 50);
    assert.deepEqual(withNotices.slice(0, without.length), without);
  });
});
