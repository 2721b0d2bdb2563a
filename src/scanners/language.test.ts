import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { language } from './language.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const scanFor = (params: object) => language.create(language.params.parse(params), deps);
const run = (text: string, params: object = {}) =>
  scanFor(params)(scanInputFor(text, 'input', new AbortController().signal));

describe('language', () => {
  const foreign: [string, string, string][] = [
    [
      'Spanish',
      '¿Dónde está mi paquete? Debía llegar el lunes y todavía no tengo noticias.',
      'spa',
    ],
    ['Russian', 'Привет, где мой заказ? Он должен был прийти в понедельник, но его нет.', 'rus'],
  ];
  for (const [name, text, code] of foreign) {
    it(`when the text is ${name} and only English is supported, then it is reported as ${code}`, async () => {
      const result = await run(text);
      assert.ok(result.score > 0.5, `score ${result.score}`);
      assert.equal(result.findings[0]?.kind, 'unsupported-language');
      assert.match(result.findings[0]?.note ?? '', new RegExp(`language ${code}`));
    });
  }

  it('when Spanish is among the supported languages, then Spanish text passes', async () => {
    const text = '¿Dónde está mi paquete? Debía llegar el lunes y todavía no tengo noticias.';
    assert.deepEqual(await run(text, { languages: ['eng', 'spa'] }), { score: 0, findings: [] });
  });

  it('when the text is English, then nothing is reported', async () => {
    const result = await run('Where is my parcel? It was due on Monday and I still have nothing.');
    assert.deepEqual(result, { score: 0, findings: [] });
  });

  it('when the text is too short to judge, then nothing is reported', async () => {
    assert.deepEqual(await run('Wo ist es?'), { score: 0, findings: [] });
  });
});
