import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, GatewayError, toGatewayError } from './errors.js';

const docs = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const documented = [...docs.matchAll(/^## `([a-z_]+)`$/gm)].map((m) => m[1]);

describe('error catalogue', () => {
  it('when a code exists, then docs/errors.md documents it, and vice versa', () => {
    assert.deepEqual([...documented].sort(), Object.keys(ERROR_CODES).sort());
  });

  it('when a section documents an HTTP status, then it matches the catalogue', () => {
    let checked = 0;
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      const section = docs.split(`## \`${code}\``)[1]?.split('\n## ')[0] ?? '';
      const status = /^\n*HTTP (\d{3}):/.exec(section)?.[1];
      if (status) {
        assert.equal(Number(status), spec.httpStatus, code);
        checked++;
      }
    }
    assert.ok(checked >= 10, `only ${checked} sections state their HTTP status`);
  });

  it('when an error wraps a cause, then the message is still the catalogue text', () => {
    const err = new GatewayError('backend_error', {
      cause: new Error('secret upstream body: card 4111'),
    });
    assert.equal(err.message, ERROR_CODES.backend_error.message);
    assert.equal(err.httpStatus, 502);
  });

  it('when a body-parser failure or an unknown error is thrown, then it maps to a catalogue code', () => {
    assert.equal(toGatewayError({ type: 'entity.parse.failed' }).code, 'invalid_request');
    assert.equal(toGatewayError({ type: 'entity.too.large' }).code, 'payload_too_large');
    assert.equal(toGatewayError({ status: 400 }).code, 'invalid_request');
    const own = new GatewayError('not_found');
    assert.equal(toGatewayError(own), own);
    const internal = toGatewayError(new Error('card 4111 in a dependency message'));
    assert.equal(internal.code, 'internal_error');
    assert.equal(internal.message, ERROR_CODES.internal_error.message);
  });
});
