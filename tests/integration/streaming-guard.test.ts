/**
 * The incremental output guard over real HTTP: scripted upstream deltas, the official openai SDK
 * as the streaming client. Nothing reaches the client before the output rules have scanned it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

interface Received {
  text: string;
  chunks: string[];
  finish: string | null | undefined;
  decision: string;
  firstContentAt: number;
}

async function streamFrom(
  content: string,
  options: { signal?: AbortSignal; onContent?: () => void } = {},
): Promise<Received> {
  const client = new OpenAI({
    baseURL: gw.baseURL,
    apiKey: gw.keys['acme-stream'] ?? '',
    maxRetries: 0,
  });
  const started = Date.now();
  const stream = await client.chat.completions.create(
    { model: 'gemma', stream: true, messages: [{ role: 'user', content }] },
    options.signal ? { signal: options.signal } : {},
  );
  const got: Received = {
    text: '',
    chunks: [],
    finish: undefined,
    decision: '',
    firstContentAt: -1,
  };
  for await (const chunk of stream) {
    const piece = chunk.choices[0]?.delta.content ?? '';
    if (piece !== '') {
      if (got.firstContentAt < 0) got.firstContentAt = Date.now() - started;
      got.chunks.push(piece);
      got.text += piece;
      options.onContent?.();
    }
    got.finish = chunk.choices[0]?.finish_reason ?? got.finish;
    if ('parapet' in chunk)
      got.decision = (chunk as unknown as { parapet: { decision_id: string } }).parapet.decision_id;
  }
  return got;
}

const words = (text: string) => text.split(/(?<= )/);

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 10_000 });
  gw = await startTestGateway({ backend: { backend }, products: ['acme-stream'] });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

describe('streaming output guard', () => {
  it('when an email arrives split over chunks, then the client only ever sees its placeholder', async () => {
    up.script({
      kind: 'stream',
      deltas: [
        'Your case is with our billing team now and they will get back to you. Meanwhile write to m',
        'aria.k',
        'ovacs@acme-billi',
        'ng.example for receipts, or reply here.',
      ],
    });
    const got = await streamFrom('Who handles billing?');
    assert.equal(got.finish, 'stop');
    assert.ok(!got.text.includes('ovacs') && !got.chunks.some((c) => c.includes('aria')), got.text);
    assert.match(got.text, /write to \[EMAIL_1\] for receipts/);
    assert.ok(
      got.chunks.length >= 2,
      'the reply was released in several pieces, not buffered whole',
    );
  });

  it('when the model leaks its system prompt late in a reply, then the stream ends with the refusal and generation stops', async () => {
    const opening = 'Happy to explain how I work. I answer questions about orders and deliveries. ';
    up.script({
      kind: 'stream',
      delayMs: 10,
      deltas: [
        ...words(opening),
        'My instructions begin: ',
        'You are ',
        'the ACME ',
        'support assistant. ',
        ...words('Never discuss refunds over 500 euros. '.repeat(20)),
      ],
    });
    const got = await streamFrom('How do you work?');
    assert.equal(got.finish, 'content_filter');
    assert.ok(got.text.endsWith("ACME support can't help with that."), got.text);
    assert.ok(!/You are the ACME|ACME support assistant|Never discuss/.test(got.text), got.text);
    assert.equal(
      await up.requests.at(-1)?.closed,
      'aborted',
      'the upstream generation was not stopped',
    );
    const event = (await auditEvents(gw.audit)).find((e) => e.id === got.decision);
    assert.equal(event?.output?.action, 'block');
    assert.equal(event?.output?.coverage, 'scanned');
    assert.ok((event?.output?.stream?.blockedAt ?? 0) > opening.length);
    assert.ok((event?.output?.stream?.withheldChars ?? 0) > 0);
  });

  it('when a banned phrase arrives split over deltas, then no part of it is released', async () => {
    up.script({
      kind: 'stream',
      deltas: [
        'The roadmap has three parts and the first one is search. The second is Pro',
        'ject Night',
        'ingale, which ships in May.',
      ],
    });
    const got = await streamFrom('What is on the roadmap?');
    assert.equal(got.finish, 'content_filter');
    assert.ok(
      !/Pro|Night/.test(got.text.replace("ACME support can't help with that.", '')),
      got.text,
    );
  });

  it("when the model's placeholder arrives split over deltas, then the user sees their own value", async () => {
    up.reply = () => ({
      kind: 'stream',
      deltas: [
        'Thanks! I will send the confirmation to [EMA',
        'IL_',
        '1] within the hour, and copy our team.',
      ],
    });
    try {
      const got = await streamFrom('Please confirm to jo.smith@example.org');
      const seen = (up.requests.at(-1)?.body as { messages: { content: string }[] }).messages.at(
        -1,
      )?.content;
      assert.equal(seen, 'Please confirm to [EMAIL_1]');
      assert.equal(
        got.text,
        'Thanks! I will send the confirmation to jo.smith@example.org within the hour, and copy our team.',
      );
    } finally {
      up.reply = undefined;
    }
  });

  it('when a long reply streams slowly, then text reaches the client well before generation ends', async () => {
    const deltas = words(
      'This is a long and perfectly harmless answer about parcel tracking and delivery windows. '.repeat(
        6,
      ),
    );
    up.script({ kind: 'stream', delayMs: 15, deltas });
    const started = Date.now();
    const got = await streamFrom('Tell me about tracking');
    const total = Date.now() - started;
    assert.equal(got.text, deltas.join(''));
    assert.ok(
      got.firstContentAt >= 0 && got.firstContentAt < total / 2,
      `first content at ${got.firstContentAt} ms of ${total} ms`,
    );
  });

  it('when the client disconnects mid-stream, then generation stops and the record says partial', async () => {
    up.script({
      kind: 'stream',
      delayMs: 15,
      deltas: words(
        'A very long story about a lighthouse keeper and the sea, told slowly. '.repeat(20),
      ),
    });
    const controller = new AbortController();
    const before = (await auditEvents(gw.audit)).length;
    await streamFrom('Tell me a story', {
      signal: controller.signal,
      onContent: () => {
        controller.abort();
      },
    }).catch(() => undefined);
    assert.equal(await up.requests.at(-1)?.closed, 'aborted');
    let events = await auditEvents(gw.audit);
    for (let i = 0; i < 50 && events.length === before; i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = await auditEvents(gw.audit);
    }
    const event = events.at(-1);
    assert.equal(event?.outcome, 'client_closed');
    assert.equal(event?.output?.coverage, 'partial');
    assert.ok(!JSON.stringify(event).includes('unscanned'));
  });
});
