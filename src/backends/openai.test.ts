import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { isGatewayError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { startFakeUpstream } from '../../tests/helpers/fake-upstream.js';
import type { FakeUpstream } from '../../tests/helpers/fake-upstream.js';
import { createOpenAIBackend, probeUpstream } from './openai.js';
import type { OpenAIBackendOptions, UpstreamUsage } from './openai.js';
import { SseDecoder } from './openai-wire.js';
import type { ChatBackend, ChatRequest, ChatResult, ChatStream } from './types.js';

const signal = new AbortController().signal;
const hello: ChatRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Where is my parcel? 📦' },
  ],
  signal,
};

let up: FakeUpstream;
before(async () => {
  up = await startFakeUpstream();
});
after(() => up.close());

/** A backend on the shared fake upstream, closed after the test body. */
async function withBackend(
  fn: (backend: ChatBackend) => Promise<void>,
  options: Partial<OpenAIBackendOptions> = {},
): Promise<void> {
  const backend = createOpenAIBackend({ url: up.url, model: up.model, ...options });
  try {
    await fn(backend);
  } finally {
    await backend.close();
  }
}

async function drain(stream: ChatStream): Promise<{ deltas: string[]; result: ChatResult }> {
  const deltas: string[] = [];
  for (;;) {
    const step = await stream.next();
    if (step.done === true) return { deltas, result: step.value };
    deltas.push(step.value);
  }
}

function gatewayError(code: ErrorCode, detail?: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(isGatewayError(err), `expected a GatewayError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (detail !== undefined) assert.equal(err.detail, detail);
    assert.ok(!err.message.includes('secret'), 'upstream body text leaked into the error');
    return true;
  };
}

describe('createOpenAIBackend chat()', () => {
  test('when the upstream answers, then text, finish reason, usage and model pass through', async () => {
    up.script({
      kind: 'completion',
      text: 'It ships tomorrow.',
      usage: { prompt_tokens: 12, completion_tokens: 4 },
      model: 'gemma-3-1b-it',
    });
    await withBackend(
      async (backend) => {
        const result = await backend.chat({
          ...hello,
          maxTokens: 64,
          temperature: 0.2,
          topP: 0.9,
          stop: ['\n\n'],
          seed: 7,
        });
        assert.deepEqual(result, {
          text: 'It ships tomorrow.',
          finishReason: 'stop',
          usage: { promptTokens: 12, completionTokens: 4 },
          model: 'gemma-3-1b-it',
        });
        const sent = up.requests.at(-1)!;
        assert.equal(sent.path, '/v1/chat/completions');
        assert.equal(sent.headers.authorization, 'Bearer upstream-key');
        assert.deepEqual(sent.body, {
          model: up.model,
          messages: hello.messages,
          stream: false,
          max_tokens: 64,
          temperature: 0.2,
          top_p: 0.9,
          stop: ['\n\n'],
          seed: 7,
        });
      },
      { apiKey: 'upstream-key' },
    );
  });

  test('when the upstream truncates or filters, then finish reasons map to length and stop', async () => {
    up.script(
      { kind: 'completion', text: 'It ships', finishReason: 'length' },
      { kind: 'completion', text: '', finishReason: 'content_filter', usage: null },
    );
    await withBackend(async (backend) => {
      assert.equal((await backend.chat(hello)).finishReason, 'length');
      const filtered = await backend.chat(hello);
      assert.equal(filtered.finishReason, 'stop');
      assert.equal((filtered.usage as UpstreamUsage).estimated, true);
    });
  });

  test('when requests follow each other, then they reuse keep-alive connections', async () => {
    const fresh = await startFakeUpstream();
    const backend = createOpenAIBackend({ url: fresh.url, model: fresh.model });
    try {
      for (let i = 0; i < 20; i += 1) await backend.chat(hello);
      // undici's pool opens a second connection when the next request is dispatched in the
      // same tick the first one finishes; after that the two are reused.
      assert.ok(fresh.connectionCount <= 2, `${fresh.connectionCount} connections`);
    } finally {
      await backend.close();
      await fresh.close();
    }
  });

  test('when the upstream answers 500, then backend_error names only the status', async () => {
    up.script({ kind: 'status', status: 500 }, { kind: 'status', status: 401 });
    await withBackend(async (backend) => {
      await assert.rejects(
        backend.chat(hello),
        gatewayError('backend_error', 'upstream status 500'),
      );
      await assert.rejects(
        backend.chat(hello),
        gatewayError('backend_error', 'upstream status 401'),
      );
    });
  });

  test('when the upstream answers 429, then backend_busy carries its Retry-After', async () => {
    up.script({ kind: 'status', status: 429, retryAfter: '7' });
    await withBackend(async (backend) => {
      await assert.rejects(backend.chat(hello), (err) => {
        assert.ok(gatewayError('backend_busy')(err) && isGatewayError(err));
        assert.equal(err.retryAfter, 7);
        return true;
      });
    });
  });

  test('when the upstream never answers, then backend_timeout after timeoutMs', async () => {
    up.script({ kind: 'hang' });
    await withBackend(
      async (backend) => {
        const started = Date.now();
        await assert.rejects(backend.chat(hello), gatewayError('backend_timeout'));
        assert.ok(Date.now() - started < 2000);
        assert.equal(await up.requests.at(-1)!.closed, 'aborted');
      },
      { timeoutMs: 200 },
    );
  });

  test('when the caller aborts, then chat rejects with its reason and the upstream sees the close', async () => {
    up.script({ kind: 'hang' });
    await withBackend(async (backend) => {
      const controller = new AbortController();
      const reason = new Error('client went away');
      const pending = backend.chat({ ...hello, signal: controller.signal });
      setTimeout(() => {
        controller.abort(reason);
      }, 50);
      const started = Date.now();
      await assert.rejects(pending, (err) => err === reason);
      assert.ok(Date.now() - started < 500);
      assert.equal(await up.requests.at(-1)!.closed, 'aborted');
      await assert.rejects(
        backend.chat({ ...hello, signal: controller.signal }),
        (err) => err === reason,
      );
    });
  });

  test('when nothing listens on the port, then backend_error names the error code', async () => {
    const gone = await startFakeUpstream();
    await gone.close();
    const backend = createOpenAIBackend({ url: gone.url, model: 'm' });
    await assert.rejects(
      backend.chat(hello),
      gatewayError('backend_error', 'upstream request failed (ECONNREFUSED)'),
    );
    await backend.close();
  });

  for (const suffix of ['', '/', '/v1', '/v1/']) {
    test(`when the url ends in "${suffix}", then requests go to /v1/chat/completions`, async () => {
      const base = up.url.replace(/\/v1$/, '');
      await withBackend(
        async (backend) => {
          assert.equal((await backend.chat(hello)).text, 'You said: Where is my parcel? 📦');
          assert.equal(up.requests.at(-1)!.path, '/v1/chat/completions');
        },
        { url: `${base}${suffix}` },
      );
    });
  }
});

describe('createOpenAIBackend stream()', () => {
  test('when the upstream streams, then deltas reassemble exactly and usage passes through', async () => {
    await withBackend(async (backend) => {
      const { deltas, result } = await drain(backend.stream(hello));
      assert.ok(deltas.length > 3);
      assert.equal(deltas.join(''), 'You said: Where is my parcel? 📦');
      assert.equal(result.text, deltas.join(''));
      assert.equal(result.finishReason, 'stop');
      assert.deepEqual(result.usage, { promptTokens: 8, completionTokens: deltas.length });
      const body = up.requests.at(-1)!.body as Record<string, unknown>;
      assert.equal(body.stream, true);
      assert.deepEqual(body.stream_options, { include_usage: true });
    });
  });

  test('when events and characters are split across TCP chunks with CRLF, comments and multi-line data, then deltas are exact', async () => {
    const text = ['Grüße ', '🇩🇪 ', 'and\nnew ', 'lines: ', 'data: [DONE] ', '👩‍👩‍👧'];
    for (const lineEnding of ['\r\n', '\n'] as const) {
      up.script({
        kind: 'stream',
        deltas: text,
        framing: { lineEnding, comments: true, multiline: true, splitBytes: 3 },
      });
      await withBackend(async (backend) => {
        const { deltas, result } = await drain(backend.stream(hello));
        assert.deepEqual(deltas, text);
        assert.equal(result.text, text.join(''));
      });
    }
  });

  test('when the stream carries no usage, then usage is estimated and marked', async () => {
    up.script({ kind: 'stream', deltas: ['12345678'], usage: null, finishReason: 'length' });
    await withBackend(async (backend) => {
      const { result } = await drain(backend.stream(hello));
      assert.equal(result.finishReason, 'length');
      assert.deepEqual(result.usage, { promptTokens: 8, completionTokens: 2, estimated: true });
    });
  });

  test('when the upstream answers 500 or 429, then the stream rejects with backend_error or backend_busy', async () => {
    up.script({ kind: 'status', status: 500 }, { kind: 'status', status: 429, retryAfter: '3' });
    await withBackend(async (backend) => {
      await assert.rejects(
        drain(backend.stream(hello)),
        gatewayError('backend_error', 'upstream status 500'),
      );
      await assert.rejects(drain(backend.stream(hello)), gatewayError('backend_busy'));
    });
  });

  test('when the connection resets mid-stream, then backend_error after the first deltas', async () => {
    up.script({ kind: 'reset', deltas: ['Your ', 'parcel '] });
    await withBackend(async (backend) => {
      const stream = backend.stream(hello);
      assert.deepEqual(await stream.next(), { done: false, value: 'Your ' });
      assert.deepEqual(await stream.next(), { done: false, value: 'parcel ' });
      await assert.rejects(stream.next(), gatewayError('backend_error'));
    });
  });

  test('when an event is not JSON, then backend_error', async () => {
    up.script({ kind: 'malformed-sse', deltas: ['Your '] });
    await withBackend(async (backend) => {
      await assert.rejects(
        drain(backend.stream(hello)),
        gatewayError('backend_error', 'upstream sent a malformed stream event'),
      );
    });
  });

  test('when the stream ends without [DONE] or a finish reason, then backend_error', async () => {
    up.script({ kind: 'stream', deltas: ['Your '], finishReason: null, done: false });
    await withBackend(async (backend) => {
      await assert.rejects(
        drain(backend.stream(hello)),
        gatewayError('backend_error', 'upstream stream ended before it finished'),
      );
    });
  });

  test('when the stream stalls, then backend_timeout after timeoutMs', async () => {
    up.script({ kind: 'hang', deltas: ['Your '] });
    await withBackend(
      async (backend) => {
        const stream = backend.stream(hello);
        assert.equal((await stream.next()).value, 'Your ');
        await assert.rejects(stream.next(), gatewayError('backend_timeout'));
        assert.equal(await up.requests.at(-1)!.closed, 'aborted');
      },
      { timeoutMs: 300 },
    );
  });

  test('when the caller aborts mid-stream, then next() rejects with its reason and the upstream sees the close', async () => {
    up.script({ kind: 'hang', deltas: ['Your '] });
    await withBackend(async (backend) => {
      const controller = new AbortController();
      const stream = backend.stream({ ...hello, signal: controller.signal });
      assert.equal((await stream.next()).value, 'Your ');
      const pending = stream.next();
      const reason = new Error('blocked mid-stream');
      setTimeout(() => {
        controller.abort(reason);
      }, 50);
      const started = Date.now();
      await assert.rejects(pending, (err) => err === reason);
      assert.ok(Date.now() - started < 500);
      assert.equal(await up.requests.at(-1)!.closed, 'aborted');
    });
  });

  test('when the consumer stops reading early, then the upstream connection is closed', async () => {
    up.script({ kind: 'hang', deltas: ['Your ', 'parcel '] });
    await withBackend(async (backend) => {
      for await (const delta of backend.stream(hello)) {
        assert.equal(delta, 'Your ');
        break;
      }
      assert.equal(await up.requests.at(-1)!.closed, 'aborted');
    });
  });
});

describe('countTokens, probeUpstream and the SSE decoder', () => {
  test('when the upstream is llama.cpp, then countTokens uses its /tokenize', async () => {
    const llama = await startFakeUpstream({ tokenize: true });
    const backend = createOpenAIBackend({ url: llama.url, model: llama.model });
    try {
      assert.equal(await backend.countTokens('one two three four five', signal), 5);
      assert.equal(llama.requests.at(-1)!.path, '/tokenize');
    } finally {
      await backend.close();
      await llama.close();
    }
  });

  test('when the upstream has no /tokenize, then countTokens estimates and stops asking', async () => {
    await withBackend(async (backend) => {
      const before = up.requests.length;
      assert.equal(await backend.countTokens('one two three four five', signal), 6);
      assert.equal(await backend.countTokens('abcd', signal), 1);
      assert.equal(up.requests.length, before + 1);
    });
  });

  test('when probing, then a reachable upstream is ok and a dead one says why', async () => {
    assert.deepEqual(await probeUpstream({ url: up.url, model: up.model }), { ok: true });
    assert.equal(up.requests.at(-1)!.path, '/v1/models');
    const gone = await startFakeUpstream();
    await gone.close();
    assert.deepEqual(await probeUpstream({ url: gone.url, model: 'm' }), {
      ok: false,
      reason: 'upstream request failed (ECONNREFUSED)',
    });
  });

  test('when a CRLF is split between chunks or a lone CR ends lines, then events stay whole', () => {
    const decoder = new SseDecoder();
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    assert.deepEqual(decoder.push(bytes('data: a\r')), []);
    assert.deepEqual(decoder.push(bytes('\ndata: b\r')), []);
    assert.deepEqual(decoder.push(bytes('\r')), ['a\nb']);
    assert.deepEqual(decoder.push(bytes(':ping\rdata:c\r\rdata: d')), ['c']);
    assert.deepEqual(decoder.end(), ['d']);
  });

  test('when the official openai SDK talks to the fake upstream, then it parses both reply kinds', async () => {
    const client = new OpenAI({ baseURL: up.url, apiKey: 'unused', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'hi there' }];
    const completion = await client.chat.completions.create({ model: up.model, messages });
    assert.equal(completion.choices[0]?.message.content, 'You said: hi there');
    const stream = await client.chat.completions.create({
      model: up.model,
      messages,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'You said: hi there');
  });
});
