import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, strongest } from './decide.js';

describe('decide', () => {
  it('when rules disagree, then the strongest action wins', () => {
    assert.equal(decide([{ action: 'flag' }, { action: 'block' }, { action: 'redact' }]), 'block');
    assert.equal(decide([{ action: 'flag' }, { action: 'redact' }]), 'redact');
    assert.equal(strongest(['allow', 'flag']), 'flag');
  });

  it('when no rule fired, then the request is allowed', () => {
    assert.equal(decide([]), 'allow');
    assert.equal(decide([{ action: 'allow' }]), 'allow');
  });
});
