import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, GatewayError } from './errors.js';

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
});
