/**
 * The injection generator reads only permitted benign_chat files: the generated rows carry their
 * texts into prompt-injection-v2, so a left-out (share-alike) file must never be among them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONTRASTIVE_LICENCE,
  QUESTION_FILES,
  questionSources,
} from '../../scripts/train/gen-injection-data.js';
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
