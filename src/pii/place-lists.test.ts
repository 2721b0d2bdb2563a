import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pii } from '../scanners/pii.js';
import { scanInputFor } from '../text/views.js';

const signal = new AbortController().signal;
const deps = { countTokens: () => Promise.resolve(0) };

async function found(text: string, params: Record<string, unknown> = {}): Promise<string[]> {
  const scan = pii.create(pii.params.parse(params), deps);
  const { findings } = await scan(scanInputFor(text, 'input', signal));
  return findings.map((f) => `${f.kind}:${text.slice(f.span?.start, f.span?.end)}`);
}

describe('places in lists of places', () => {
  it('when a first name that is also a town sits in a list beside a place, then it is a place', async () => {
    assert.deepEqual(await found('We visited Rome, Florence and Venice last summer.'), [
      'LOCATION:Rome',
      'LOCATION:Florence',
      'LOCATION:Venice',
    ]);
    assert.deepEqual(await found('Offices in Paris, Austin, Florence and Madrid.'), [
      'LOCATION:Paris',
      'LOCATION:Austin',
      'LOCATION:Florence',
      'LOCATION:Madrid',
    ]);
  });

  it('when the same word stands alone, has a title or is listed with people, then it is a person', async () => {
    assert.deepEqual(await found('Florence called me yesterday.'), ['PERSON:Florence']);
    assert.deepEqual(await found('Florence and Sarah flew to Rome.'), [
      'PERSON:Florence',
      'PERSON:Sarah',
      'LOCATION:Rome',
    ]);
    assert.deepEqual(await found('Dr. Florence, Rome and Venice'), [
      'PERSON:Florence',
      'LOCATION:Rome',
      'LOCATION:Venice',
    ]);
    assert.deepEqual(await found('The founders are Kónya, Becker and White.'), [
      'PERSON:Kónya',
      'PERSON:Becker',
      'PERSON:White',
    ]);
  });

  it('when the policy does not ask for places, then persons stay persons', async () => {
    const persons = await found('We visited Rome, Florence and Venice.', { entities: ['PERSON'] });
    assert.ok(persons.every((f) => f.startsWith('PERSON:')));
  });
});
