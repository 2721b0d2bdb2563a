import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { length } from './length.js';
import { scanInputFor } from '../text/views.js';

const signal = new AbortController().signal;
const wordsAsTokens = { countTokens: (text: string) => Promise.resolve(text.split(/\s+/).length) };

describe('length', () => {
  it('when text exceeds max_chars, then it scores 1 with a note of counts only', async () => {
    const scan = length.create(length.params.parse({ max_chars: 10 }), wordsAsTokens);
    const result = await scan(scanInputFor('This message is long.', 'input', signal));
    assert.equal(result.score, 1);
    assert.deepEqual(result.findings, [
      { kind: 'too-long-chars', score: 1, note: '21 > 10 characters' },
    ]);
  });

  it('when text is within limits, then it scores 0', async () => {
    const scan = length.create(
      length.params.parse({ max_chars: 100, max_tokens: 10 }),
      wordsAsTokens,
    );
    assert.equal((await scan(scanInputFor('short and sweet here', 'input', signal))).score, 0);
  });

  it('when text has more model tokens than allowed, then too-long-tokens is found', async () => {
    const scan = length.create(length.params.parse({ max_tokens: 3 }), wordsAsTokens);
    const result = await scan(scanInputFor('one two three four', 'input', signal));
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      ['too-long-tokens'],
    );
  });

  it('when the tokenizer is unavailable, then the scan fails (and the rule on_error applies)', async () => {
    const scan = length.create(length.params.parse({ max_tokens: 3 }), {
      countTokens: () => Promise.reject(new Error('no model')),
    });
    await assert.rejects(scan(scanInputFor('one two three four', 'input', signal)));
  });

  it('when neither limit is set, then the params are refused', () => {
    assert.equal(length.params.safeParse({}).success, false);
  });
});
