/** `parapet serve` with PARAPET_MODEL set to our generated tiny Gemma: the embedded default, as a process. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { writeTinyGemma } from '../../scripts/tiny-gemma.js';
import { runCli, startServe } from '../helpers/cli.js';

// Seeded sampling: the random-weight model may sample <end_of_turn> early, which would flake the
// length assertions. (`seed` is deprecated in the SDK's types; the gateway honours it.)
const SEEDED = { seed: 2 };

describe('parapet serve with an embedded Gemma', () => {
  it('when PARAPET_MODEL points at a Gemma GGUF, then the openai SDK gets completions, streamed and not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-serve-llama-'));
    const model = join(dir, 'tiny-gemma.gguf');
    await writeTinyGemma(model);
    const env = {
      PARAPET_MODEL: model,
      PARAPET_LLAMA_THREADS: '1',
      PARAPET_LLAMA_CONTEXT_SIZE: '512',
      PARAPET_KEYS: join(dir, 'keys.json'),
      PARAPET_AUDIT: `sqlite:${join(dir, 'audit.sqlite')}`,
    };
    const key =
      (await runCli(['keys', 'create', '--product', 'customer-support'], env)).stdout
        .trim()
        .split('\n')
        .at(-1) ?? '';
    const gw = await startServe(env);
    try {
      const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0 });
      const models = [];
      for await (const m of client.models.list()) models.push(m.id);
      assert.deepEqual(models, ['parapet-tiny-gemma-random-weights']);
      const res = await client.chat.completions.create({
        model: models[0] ?? '',
        // Clients still send the deprecated name; the gateway honours both.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        max_tokens: 5,
        ...SEEDED,
        messages: [{ role: 'user', content: 'Hello' }],
      });
      assert.equal(res.choices[0]?.finish_reason, 'length');
      assert.equal(res.usage?.completion_tokens, 5);
      const stream = await client.chat.completions.create({
        model: 'gemma',
        max_completion_tokens: 5,
        stream: true,
        ...SEEDED,
        messages: [{ role: 'user', content: 'Hello' }],
      });
      let finish: string | null | undefined;
      for await (const chunk of stream) finish = chunk.choices[0]?.finish_reason ?? finish;
      assert.equal(finish, 'length');
      const ready = await fetch(`${gw.url}/readyz`);
      assert.equal(ready.status, 200);
    } finally {
      assert.equal(await gw.stop(), 0);
    }
  });
});
