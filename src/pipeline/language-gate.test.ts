import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ScanPool } from '../classifiers/scan-pool.js';
import type { Rule, UnsupportedLanguage } from '../policy/types.js';
import { explainFired } from './explain.js';
import { runStage } from './run-stage.js';
import { ScanCache } from './scan-cache.js';
import type { ScanFn } from '../contract/types.js';
import { Vault } from '../redaction/vault.js';
import { detectLanguage } from '../text/language.js';
import { createTextViews } from '../text/views.js';

const TEXTS = {
  eng: 'Could you tell me where my parcel is? It should have arrived on Monday and I have heard nothing since.',
  fra: "Pourriez-vous me dire où se trouve mon colis ? Il devait arriver lundi et je n'ai aucune nouvelle depuis.",
  spa: '¿Podría decirme dónde está mi paquete? Debía llegar el lunes y desde entonces no tengo ninguna noticia.',
  deu: 'Können Sie mir sagen, wo mein Paket ist? Es hätte am Montag ankommen sollen und ich habe nichts mehr gehört.',
};

const quiet: ScanFn = () => Promise.resolve({ score: 0.1, findings: [] });

function rule(id: string, overrides: Partial<Rule> = {}): Rule {
  return {
    id,
    scanner: id,
    scannerVersion: '1',
    localizes: false,
    threshold: 0.5,
    action: 'block',
    onError: 'block',
    timeoutMs: 1000,
    params: {},
    cacheKey: id,
    scan: quiet,
    ...overrides,
  };
}

const english = rule('classifier', { languages: ['eng'] });
const anyLanguage = rule('rules');

/** `setting` absent: the policy default (flag). */
function run(text: string, setting?: UnsupportedLanguage, rules: Rule[] = [english, anyLanguage]) {
  const policy = { input: rules, output: [], unsupportedLanguage: setting ?? 'flag' };
  return runStage(policy, 'input', [{ index: 0, text }], {
    vault: new Vault(),
    cache: new ScanCache(),
    signal: new AbortController().signal,
  });
}

describe('language gate (unsupported_language)', () => {
  it('when only the gate fires a rule, then its explanation names the detected language', async () => {
    const stage = await run(TEXTS.fra, 'flag');
    const [explained, ...rest] = explainFired([stage]);
    assert.equal(rest.length, 0, 'the ungated rule stays quiet');
    assert.equal(explained?.rule, 'classifier');
    assert.equal(explained?.action, 'flag');
    assert.equal(explained?.unsupported_language, 'fra');
    assert.equal(explained?.score, 0.1, "the score is the scanner's, below its threshold");
  });

  for (const code of ['fra', 'spa', 'deu'] as const) {
    it(`when the text is ${code} and the scanner declares eng, then the rule flags and records ${code}`, async () => {
      const stage = await run(TEXTS[code], 'flag');
      const [gated, other] = stage.rules;
      assert.equal(gated?.unsupportedLanguage, code);
      assert.equal(gated?.action, 'flag');
      assert.equal(gated?.score, 0.1, 'the scanner still ran and its score is kept');
      assert.equal(
        other?.unsupportedLanguage,
        undefined,
        'a scanner without languages is not gated',
      );
      assert.equal(other?.action, 'allow');
      assert.equal(stage.action, 'flag');
    });
  }

  it('when the text is English, then nothing is added', async () => {
    const stage = await run(TEXTS.eng, 'block');
    assert.equal(stage.action, 'allow');
    assert.ok(stage.rules.every((r) => r.unsupportedLanguage === undefined));
  });

  it('when the text is too short to judge, then it counts as supported', async () => {
    const stage = await run('Où est mon colis ?', 'block');
    assert.equal(stage.action, 'allow');
    assert.equal(stage.rules[0]?.unsupportedLanguage, undefined);
  });

  it('when the policy says block, then a French text is blocked; with allow it is only recorded', async () => {
    assert.equal((await run(TEXTS.fra, 'block')).action, 'block');
    const allowed = await run(TEXTS.fra, 'allow');
    assert.equal(allowed.action, 'allow');
    assert.equal(allowed.rules[0]?.unsupportedLanguage, 'fra');
    assert.equal(allowed.rules[0]?.fired, false);
  });

  it('when the setting is absent, then the policy default (flag) applies', async () => {
    assert.equal((await run(TEXTS.spa)).action, 'flag');
  });

  it('when the rule itself blocks, then the gate never weakens it', async () => {
    const loud = rule('loud', {
      languages: ['eng'],
      scan: () => Promise.resolve({ score: 0.9, findings: [] }),
    });
    const stage = await run(TEXTS.deu, 'flag', [loud]);
    assert.equal(stage.rules[0]?.action, 'block');
    assert.equal(stage.rules[0]?.unsupportedLanguage, 'deu');
  });

  it('when the scanner declares the language, then nothing is added', async () => {
    const stage = await run(TEXTS.fra, 'block', [rule('bilingual', { languages: ['eng', 'fra'] })]);
    assert.equal(stage.action, 'allow');
  });

  it('when a chat resends a French message, then the next turn is gated from the cached guess', async () => {
    const cache = new ScanCache();
    const signal = new AbortController().signal;
    const policy = { input: [english], output: [], unsupportedLanguage: 'flag' as const };
    const turn = (texts: string[]) =>
      runStage(
        policy,
        'input',
        texts.map((text, index) => ({ index, text })),
        { vault: new Vault(), cache, signal },
      );
    await turn([TEXTS.fra]);
    const next = await turn([TEXTS.fra, TEXTS.eng]);
    assert.equal(next.rules[0]?.unsupportedLanguage, 'fra');
    assert.equal(next.action, 'flag');
  });

  it('when the cache has seen a text, then its guess is served, not ranked again', () => {
    const cache = new ScanCache();
    const first = cache.language(createTextViews(TEXTS.deu), 40);
    const again = cache.language(createTextViews(TEXTS.deu), 40);
    assert.equal(again, first, 'the same guess object: no second ranking');
    assert.equal(first.language, 'deu');
    assert.equal(cache.language(createTextViews(TEXTS.spa), 40).language, 'spa');
    assert.equal(cache.language(createTextViews('Où est mon colis ?'), 40).language, 'und');
  });

  describe('with the scan pool ranking languages off the request thread', () => {
    const pool = new ScanPool({ size: 1, deadlineMs: 10_000 });
    after(async () => {
      await pool.close();
    });
    const signal = new AbortController().signal;
    const stageOn = (cache: ScanCache, texts: string[], rules: Rule[] = [english, anyLanguage]) =>
      runStage(
        { input: rules, output: [], unsupportedLanguage: 'flag' },
        'input',
        texts.map((text, index) => ({ index, text })),
        { vault: new Vault(), cache, signal },
      );

    it('when a worker ranks a text, then the guess is the one ranked in process', async () => {
      const cache = new ScanCache(100, pool);
      for (const text of [...Object.values(TEXTS), 'Où est mon colis ?'.repeat(3)])
        assert.deepEqual(
          await cache.rankedLanguage(createTextViews(text), 40, signal),
          detectLanguage(text, 0),
        );
    });

    it('when the pool ranks, then the gate flags and explains exactly as in process', async () => {
      const texts = [TEXTS.fra, TEXTS.eng, TEXTS.deu, 'Où est mon colis ?'];
      const pooled = await stageOn(new ScanCache(100, pool), texts);
      const inProcess = await stageOn(new ScanCache(100), texts);
      assert.equal(pooled.rules[0]?.unsupportedLanguage, 'fra');
      assert.equal(pooled.action, 'flag');
      assert.deepEqual(
        pooled.rules.map(({ durationMs: _, ...r }) => r),
        inProcess.rules.map(({ durationMs: _, ...r }) => r),
      );
    });

    it('when the pool cannot rank (closed), then the text is ranked in process and still gated', async () => {
      const closed = new ScanPool({ size: 1, deadlineMs: 10_000 });
      await closed.close();
      const cache = new ScanCache(100, closed);
      await assert.rejects(closed.rankLanguages(TEXTS.deu, signal), /closed/);
      const stage = await stageOn(cache, [TEXTS.deu]);
      assert.equal(stage.rules[0]?.unsupportedLanguage, 'deu');
      assert.equal(stage.action, 'flag');
    });

    it('when no rule declares languages, then nothing is ranked', async () => {
      const cache = new ScanCache(100, pool);
      const stage = await stageOn(cache, [TEXTS.fra], [anyLanguage]);
      assert.equal(stage.action, 'allow');
      assert.equal(stage.rules[0]?.unsupportedLanguage, undefined);
    });
  });
});
