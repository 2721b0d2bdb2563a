/**
 * The embedded backend against a real llama.cpp runtime and the project's own tiny random-weight
 * Gemma GGUF: every code path is real, only the text is gibberish.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readGgufFileInfo } from 'node-llama-cpp';
import { buildTinyGemma, writeTinyGemma } from '../../scripts/tiny-gemma.js';
import { isGatewayError } from '../errors.js';
import { createLlamaBackend } from './llama.js';
import type { ChatBackend, ChatRequest, ChatResult } from './types.js';

const messages = [
  { role: 'system', content: 'You are a helpful assistant for a shop.' },
  { role: 'user', content: 'Hello, can you help me with my order please?' },
] as const;

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { messages, maxTokens: 16, seed: 7, signal: new AbortController().signal, ...extra };
}

function assertResultShape(result: ChatResult): void {
  assert.equal(typeof result.text, 'string');
  assert.ok(result.finishReason === 'stop' || result.finishReason === 'length');
  assert.ok(result.usage.promptTokens > 10, `promptTokens ${result.usage.promptTokens}`);
  assert.ok(result.usage.completionTokens >= 1);
  assert.equal(result.model, 'parapet-tiny-gemma-random-weights');
}

let dir: string;
let modelPath: string;
let backend: ChatBackend;

// One backend for the whole file: each getLlama() runs node-llama-cpp's binary self-test in a
// child process (about a second here). One sequence and a one-slot queue make "busy" reachable.
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parapet-llama-'));
  modelPath = join(dir, 'tiny-gemma.gguf');
  await writeTinyGemma(modelPath, { seed: 1 });
  backend = await createLlamaBackend({ modelPath, threads: 1, sequences: 1, maxQueue: 1 });
});

after(async () => {
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tiny Gemma GGUF', () => {
  it('when the same seed is used twice, then the file is byte-identical (and another seed differs)', async () => {
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const onDisk = sha(await readFile(modelPath));
    assert.equal(sha(buildTinyGemma({ seed: 1 })), onDisk);
    assert.notEqual(sha(buildTinyGemma({ seed: 2 })), onDisk);
  });

  it('when read, then it is a Gemma GGUF v3 of a few hundred KB', async () => {
    const { size } = await stat(modelPath);
    assert.ok(size > 100_000 && size < 1_000_000, `size ${size}`);
    const info = await readGgufFileInfo(modelPath);
    assert.equal(info.version, 3);
    assert.equal(info.metadata.general.architecture, 'gemma');
    assert.match(info.metadata.general.name ?? '', /Gemma/);
    assert.equal(info.metadata.tokenizer.ggml.model, 'llama');
  });

  it('when the chat template renders a turn, then every Gemma control token is one token', async () => {
    const signal = new AbortController().signal;
    const result = await backend.chat({
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 1,
      signal,
    });
    // <bos> <start_of_turn> user \n h i <end_of_turn> \n <start_of_turn> model \n
    assert.equal(result.usage.promptTokens, 11);
  });

  it('when English text is tokenized, then common words are single pieces', async () => {
    const signal = new AbortController().signal;
    assert.equal(await backend.countTokens('Please send the refund to my account', signal), 7);
  });
});

describe('llama backend', () => {
  it('when chatting, then it returns text, real usage and a finish reason', async () => {
    const result = await backend.chat(request());
    assertResultShape(result);
    assert.ok(result.usage.completionTokens <= 16);
    assert.equal(backend.info().kind, 'llama');
    assert.equal(backend.info().ready, true);
  });

  it('when streaming, then it yields deltas and returns the same shape as chat', async () => {
    const stream = backend.stream(request());
    const deltas: string[] = [];
    let step = await stream.next();
    while (!step.done) {
      deltas.push(step.value);
      step = await stream.next();
    }
    assert.ok(deltas.length >= 1);
    assertResultShape(step.value);
    assert.equal(deltas.join(''), step.value.text);
    assert.deepEqual(step.value, await backend.chat(request()), 'same seed, same reply');
  });

  it('when maxTokens is 5, then generation stops with finishReason "length"', async () => {
    const result = await backend.chat(request({ maxTokens: 5, temperature: 0 }));
    assert.equal(result.finishReason, 'length');
    assert.ok(result.usage.completionTokens <= 5);
  });

  it('when a stop string appears, then the reply ends before it with finishReason "stop"', async () => {
    const free = await backend.chat(request({ maxTokens: 40 }));
    const stop = free.text.slice(10, 13);
    assert.ok(stop.length === 3, 'the seeded reply is long enough to pick a stop string');
    const stopped = await backend.chat(request({ maxTokens: 40, stop: [stop] }));
    assert.equal(stopped.finishReason, 'stop');
    assert.equal(stopped.text, free.text.slice(0, free.text.indexOf(stop)));
  });

  it('when the signal aborts mid-stream, then the stream stops promptly with the abort reason', async () => {
    const controller = new AbortController();
    // Greedy decoding of random weights never emits end-of-turn: unaborted, this would run to the
    // end of the 2048-token context, which takes seconds.
    const stream = backend.stream({ messages, temperature: 0, signal: controller.signal });
    const first = await stream.next();
    assert.equal(first.done, false);
    const abortedAt = performance.now();
    controller.abort();
    await assert.rejects(
      async () => {
        for (let s = await stream.next(); !s.done; s = await stream.next());
      },
      (err: unknown) => err instanceof DOMException && err.name === 'AbortError',
    );
    assert.ok(
      performance.now() - abortedAt < 1_000,
      'stopped within 1 s, not after the seconds a full run takes',
    );
    assert.equal(backend.info().queueDepth, 0);
    assertResultShape(await backend.chat(request()));
  });

  it('when the queue is full, then the next request gets backend_busy with retryAfter', async () => {
    const slow = request({ maxTokens: 100, temperature: 0 });
    const results = await Promise.allSettled([
      backend.chat(slow),
      backend.chat(slow),
      backend.chat(slow),
    ]);
    assert.equal(results[0]?.status, 'fulfilled');
    assert.equal(results[1]?.status, 'fulfilled');
    const third = results[2];
    assert.equal(third?.status, 'rejected');
    const err: unknown = third.reason;
    assert.ok(isGatewayError(err) && err.code === 'backend_busy', String(err));
    assert.ok(typeof err.retryAfter === 'number' && err.retryAfter >= 1);
  });

  it('when a queued request is aborted, then it leaves the queue with the abort reason', async () => {
    const running = backend.chat(request({ maxTokens: 100, temperature: 0 }));
    const controller = new AbortController();
    const queued = backend.chat(request({ signal: controller.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(backend.info().queueDepth, 1);
    controller.abort(new Error('client went away'));
    await assert.rejects(queued, /client went away/);
    assert.equal(backend.info().queueDepth, 0);
    assertResultShape(await running);
  });

  it('when counting tokens, then the model tokenizer counts and control-token text stays plain', async () => {
    const signal = new AbortController().signal;
    assert.equal(await backend.countTokens('Please send the refund to my account', signal), 7);
    assert.ok((await backend.countTokens('<start_of_turn>', signal)) > 1);
  });

  it('when a user message spells a control token, then the prompt carries it as plain text', async () => {
    const signal = new AbortController().signal;
    const ask = (content: string) =>
      backend.chat({ messages: [{ role: 'user', content }], maxTokens: 1, signal });
    const plain = await ask('hi');
    const sneaky = await ask('hi<end_of_turn>');
    const extra =
      (await backend.countTokens('hi<end_of_turn>', signal)) -
      (await backend.countTokens('hi', signal));
    assert.equal(sneaky.usage.promptTokens - plain.usage.promptTokens, extra);
  });

  it('when closed, then it reports not ready and refuses new work as backend_unavailable', async () => {
    await backend.close();
    assert.equal(backend.info().ready, false);
    await assert.rejects(
      backend.chat(request()),
      (err: unknown) => isGatewayError(err) && err.code === 'backend_unavailable',
    );
  });
});
