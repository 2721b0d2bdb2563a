import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolCallAssembler } from '../backends/openai-tool-calls.js';
import { isGatewayError } from '../errors.js';
import { callTexts } from './tool-arguments.js';

const calls = (...args: string[]) => ({
  toolCalls: args.map((a, i) => ({
    id: `c${i}`,
    type: 'function' as const,
    function: { name: 'f', arguments: a },
  })),
});

describe('tool-call arguments as stage texts', () => {
  it('when arguments are JSON, then every string and number is a text, numbered across calls', () => {
    const t = callTexts(calls('{"a":"x","b":[1,{"c":"y"}],"d":true}', '{"e":"z"}'), 5, {});
    assert.deepEqual(
      t.texts.map((x) => [x.index, x.text]),
      [
        [5, 'x'],
        [6, '1'],
        [7, 'y'],
        [8, 'z'],
      ],
    );
  });

  it('when a value is rewritten, then the arguments stay valid JSON with the same shape', () => {
    const t = callTexts(calls('{"to":"a@b.org","n":4111111111111111,"q":"say \\"hi\\""}'), 0, {});
    const out = t.rebuild((i) => (i === 0 ? '[EMAIL_1]' : i === 1 ? '[CARD_1]' : undefined));
    const args = out?.toolCalls?.[0]?.function.arguments ?? '';
    assert.deepEqual(JSON.parse(args), { to: '[EMAIL_1]', n: '[CARD_1]', q: 'say "hi"' });
  });

  it('when arguments are not JSON, then unchanged they pass as sent and changed they cannot be rebuilt', () => {
    const t = callTexts(calls('to: a@b.org'), 0, {});
    assert.equal(t.texts[0]?.text, 'to: a@b.org');
    assert.equal(t.rebuild(() => undefined)?.toolCalls?.[0]?.function.arguments, 'to: a@b.org');
    assert.equal(
      t.rebuild(() => 'to: [EMAIL_1]'),
      undefined,
    );
  });
});

describe('streamed tool-call fragments', () => {
  it('when fragments of two calls interleave, then each is assembled by its index', () => {
    const a = new ToolCallAssembler();
    a.accept({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '{"y"' } }] });
    a.accept({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{' } }] });
    a.accept({ tool_calls: [{ index: 0, function: { arguments: '}' } }] });
    a.accept({ tool_calls: [{ index: 1, function: { arguments: ':2}' } }] });
    assert.deepEqual(a.result().toolCalls, [
      { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
      { id: 'b', type: 'function', function: { name: 'g', arguments: '{"y":2}' } },
    ]);
  });

  it('when a fragment is malformed or a call never gets a name, then it fails closed', () => {
    const bad = new ToolCallAssembler();
    assert.throws(() => {
      bad.accept({ tool_calls: [{ index: 0, function: { arguments: 7 } }] });
    }, isGatewayError);
    const nameless = new ToolCallAssembler();
    nameless.accept({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] });
    assert.throws(() => nameless.result(), isGatewayError);
  });
});
