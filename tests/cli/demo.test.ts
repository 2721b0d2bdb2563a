/**
 * `npm run demo -- --serve` (issue 19 item 5): after the scripted tour the sandbox keeps running
 * and prints what a newcomer needs: the gateway URL with a working product key, the review UI
 * with a working reviewer token, and a review queue that already holds the tour's block.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ROOT } from '../helpers/cli.js';

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--serve'], {
  cwd: ROOT,
});
after(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

let out = '';
child.stdout.on('data', (d: Buffer) => (out += d.toString()));
child.stderr.on('data', (d: Buffer) => (out += d.toString()));

/** Waits until the demo's output so far matches `pattern`. */
async function printed(pattern: RegExp, timeoutMs = 180_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(out);
    if (match) return match;
    if (child.exitCode !== null) assert.fail(`the demo exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) assert.fail(`the demo did not print ${pattern} in time:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm run demo -- --serve', () => {
  it('when the tour is over, then the printed key, reviewer token and seeded queue work until SIGTERM', async () => {
    const [, url = '', key = ''] = await printed(
      /Gateway: +(http:\/\/\S+)\/v1 +product key \(customer-support\): (\S+)/,
    );
    const [, token = ''] = await printed(/Review UI: +\S+\/review +reviewer token: (\S+)/);

    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    const reply = await client.chat.completions.create({
      model: 'gemma',
      max_completion_tokens: 4,
      messages: [{ role: 'user', content: 'Where is my parcel?' }],
    });
    assert.equal(reply.choices.length, 1);

    const queue = await fetch(`${url}/api/review/decisions`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(queue.status, 200);
    const { items } = (await queue.json()) as { items: { action: string }[] };
    assert.ok(
      items.some((i) => i.action === 'block'),
      `no blocked decision in the queue: ${JSON.stringify(items)}`,
    );
    const page = await fetch(`${url}/review/login`);
    assert.equal(page.status, 200);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });
});
