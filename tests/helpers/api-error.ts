/** Asserts that an openai SDK call failed with the given HTTP status and gateway error code. */
import assert from 'node:assert/strict';
import OpenAI from 'openai';

export async function rejectsWith(
  promise: Promise<unknown>,
  status: number,
  code: string,
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof OpenAI.APIError, String(err));
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    return true;
  });
}
