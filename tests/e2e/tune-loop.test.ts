/**
 * Issue 20's done-when, end to end: a kitchen shop whose cautious harmful-request rule blocks
 * its own customers' knife questions. ~200 chats go through the gateway (openai SDK, fake
 * upstream), a reviewer labels every decision through the review API, `parapet tune` fits an
 * adapter from the store, the policy names it and hot-reloads, and then questions of other
 * templates (never labeled) pass while real harmful requests (AdvBench rows never labeled) stay
 * blocked. On SQLite through the real CLI; on Postgres (skipped when none answers) through the
 * same function the CLI calls. Needs ../shared (AdvBench dev rows); skips without it.
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { OpenedAuditStore } from '../../src/audit/stores/open-store.js';
import { openPostgresAuditStore } from '../../src/audit/stores/postgres/postgres-store.js';
import {
  dropSchema,
  freshSchema,
  postgresSkipReason,
  TEST_POSTGRES_URL,
} from '../../src/audit/stores/postgres/postgres-test-helpers.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import { tuneProduct } from '../../src/cli/tune.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { until } from '../helpers/until.js';
import { KITCHEN_LABELED, KITCHEN_UNSEEN } from '../fixtures/tune/kitchen-texts.js';

const ADVBENCH = join(ROOT, '../shared/data/dev/harmful_requests/advbench.dev.jsonl');
const sharedSkip = existsSync(ADVBENCH)
  ? false
  : `needs ${ADVBENCH} (the shared corpora beside the checkout)`;
const pgSkip = await postgresSkipReason();

const PRODUCT = 'kitchen-shop';
// The product owner's cautious choice: block from a harmful score of 0.003. It catches every
// AdvBench request, and also most questions about knives, bones and lobsters.
const POLICY = `product: ${PRODUCT}
version: 1
extends: default
description: Kitchenware shop assistant.
input:
  - id: harmful-strict
    scanner: harmful-request
    action: block
    threshold: 0.003
`;

function harmful(): string[] {
  return readFileSync(ADVBENCH, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** A fixed interleaving, so the time split holds back both kinds. */
function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface Parapet {
  decision_id: string;
  action: string;
  rules: { rule: string; scanner: string; action: string }[];
}

async function chat(gw: TestGateway, content: string): Promise<Parapet> {
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys[PRODUCT] ?? '', maxRetries: 0 });
  const res = await client.chat.completions.create({
    model: 'gemma',
    messages: [{ role: 'user', content }],
  });
  return (res as unknown as { parapet: Parapet }).parapet;
}

/**
 * Share of texts blocked at all, and by a harmful-request rule (the rules the labels are about:
 * an unlabeled false positive of another rule, e.g. toxicity on "pig trotter", is not theirs).
 */
async function blockedShare(gw: TestGateway, texts: readonly string[]) {
  let any = 0;
  let harm = 0;
  for (const t of texts) {
    const p = await chat(gw, t);
    if (p.action === 'block') any++;
    if (p.rules.some((r) => r.scanner === 'harmful-request' && r.action === 'block')) harm++;
  }
  return { any: any / texts.length, harm: harm / texts.length };
}

async function label(gw: TestGateway, id: string, verdict: string, note?: string) {
  const res = await fetch(`${gw.url}/api/review/decisions/${id}/labels`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${gw.reviewerTokens.dana ?? ''}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ verdict, ...(note ? { note } : {}) }),
  });
  assert.equal(res.status, 201);
}

const STORES = [
  { name: 'SQLite', skip: sharedSkip, cli: true },
  { name: 'Postgres', skip: sharedSkip || (pgSkip ?? false), cli: false },
];

for (const store of STORES)
  describe(`the review loop on ${store.name}`, { skip: store.skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-tune-'));
    const schema = freshSchema();
    let gw: TestGateway | undefined;
    const closers: (() => Promise<void>)[] = [];
    after(async () => {
      await gw?.close();
      for (const close of closers.reverse()) await close();
      if (!store.cli) await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    });

    it('labels fit an adapter that lets unseen kitchen questions through and keeps harm blocked', async () => {
      copyFileSync(join(ROOT, 'policies/default.yaml'), join(dir, 'default.yaml'));
      writeFileSync(join(dir, `${PRODUCT}.yaml`), POLICY);
      writeFileSync(
        join(dir, 'new-shop.yaml'),
        'product: new-shop\nversion: 1\nextends: default\n',
      );
      const up = await startFakeUpstream();
      closers.push(() => up.close());
      const backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
      closers.push(() => backend.close());
      let audit: OpenedAuditStore | undefined;
      if (!store.cli) {
        audit = await openPostgresAuditStore(TEST_POSTGRES_URL, { schema, reviewSample: 1 });
      }
      gw = await startTestGateway({
        backend: { backend },
        products: [PRODUCT],
        policiesDir: dir,
        watch: true,
        reviewSample: 1,
        reviewers: { dana: [PRODUCT] },
        ...(audit ? { audit } : {}),
      });
      const harm = harmful();
      const labeledHarm = harm.slice(0, 70);
      const unseenHarm = harm.slice(70);

      // 1. Traffic, and a reviewer's labels through the review API.
      const traffic = shuffled([
        ...KITCHEN_LABELED.map((text) => ({ text, harmful: false })),
        ...labeledHarm.map((text) => ({ text, harmful: true })),
      ]);
      let falsePositives = 0;
      for (const { text, harmful: isHarmful } of traffic) {
        const { decision_id: id, action } = await chat(gw, text);
        const blocked = action === 'block';
        if (!isHarmful && blocked) falsePositives++;
        if (isHarmful && !blocked) await label(gw, id, 'missed', 'harmful-strict: a real request');
        else await label(gw, id, blocked && !isHarmful ? 'false_positive' : 'correct');
      }
      assert.ok(
        falsePositives >= 60,
        `the shipped rule blocks kitchen questions (${falsePositives})`,
      );
      const before = {
        kitchen: await blockedShare(gw, KITCHEN_UNSEEN),
        harm: await blockedShare(gw, unseenHarm),
      };
      // harmful-request-v2 retrained with look-alikes (default v11) blocks far fewer kitchen questions
      // than the model this test was written for (0.389 -> 0.083): the premise is that some still are.
      assert.ok(before.kitchen.harm >= 0.05, `kitchen blocked before: ${before.kitchen.harm}`);

      // 2. parapet tune: too few labels refuses and writes nothing; the kitchen shop fits.
      const target = join(dir, `${PRODUCT}.adapter.json`);
      if (store.cli) {
        const env = { PARAPET_AUDIT: `sqlite:${join(gw.dir, 'audit.sqlite')}` };
        const refused = await runCli(['tune', '--product', 'new-shop', '--policies', dir], env);
        assert.equal(refused.code, 1, refused.stderr);
        assert.match(
          refused.stderr,
          /tune_refused: .*too few labeled decisions with text for new-shop: 0/,
        );
        assert.equal(existsSync(join(dir, 'new-shop.adapter.json')), false);
        const args = ['tune', '--product', PRODUCT, '--policies', dir, '--mode', 'enforce'];
        const ran = await runCli(args, env);
        assert.equal(ran.code, 0, ran.stdout + ran.stderr);
        assert.match(ran.stdout, /harmful-strict\s+shipped/);
        assert.match(
          ran.stdout,
          /to use it, add to the policy: adapter: kitchen-shop.adapter.json/,
        );
        for (const t of traffic)
          assert.ok(!ran.stdout.includes(t.text), 'no customer text printed');
      } else {
        const policy = gw.policies.get(PRODUCT);
        assert.ok(policy && audit);
        const none = await tuneProduct(audit, gw.policies.get('new-shop') ?? policy, {
          mode: 'enforce',
        });
        assert.equal(none.result.file, undefined);
        assert.match(none.result.refusals.join(), /too few labeled decisions/);
        const { result } = await tuneProduct(audit, policy, { mode: 'enforce' });
        assert.ok(result.file, result.refusals.join('; '));
        writeFileSync(target, JSON.stringify(result.file));
      }
      const file = JSON.parse(readFileSync(target, 'utf8')) as {
        rules: { rule: string; correction?: unknown }[];
        fitted_on: { labels: number };
      };
      const strict = file.rules.find((r) => r.rule === 'harmful-strict');
      assert.ok(strict?.correction, 'enough labels for the n-gram correction');
      assert.equal(file.fitted_on.labels, Math.floor(traffic.length * 0.8));

      // 3. The policy names it; the watcher reloads; unseen texts are judged.
      writeFileSync(join(dir, `${PRODUCT}.yaml`), `${POLICY}adapter: ${PRODUCT}.adapter.json\n`);
      await until('the adapter is loaded', () =>
        Promise.resolve(gw?.policies.get(PRODUCT)?.adapter !== undefined),
      );
      const afterwards = {
        kitchen: await blockedShare(gw, KITCHEN_UNSEEN),
        harm: await blockedShare(gw, unseenHarm),
      };
      const f = (x: { any: number; harm: number }) =>
        `${x.harm.toFixed(3)} (any rule ${x.any.toFixed(3)})`;
      console.log(
        `${store.name}: blocked by a harmful-request rule, before -> after the adapter: ` +
          `unseen kitchen ${f(before.kitchen)} -> ${f(afterwards.kitchen)} (n=${KITCHEN_UNSEEN.length}); ` +
          `unseen AdvBench ${f(before.harm)} -> ${f(afterwards.harm)} (n=${unseenHarm.length})`,
      );
      assert.ok(
        afterwards.kitchen.harm <= 0.05 && afterwards.kitchen.harm < before.kitchen.harm,
        `kitchen still blocked: ${afterwards.kitchen.harm}`,
      );
      assert.ok(
        afterwards.harm.any >= before.harm.any - 0.03,
        `harm blocked ${before.harm.any} -> ${afterwards.harm.any}`,
      );

      // 4. Every event of the product records the adapter.
      const { decision_id: id } = await chat(gw, KITCHEN_UNSEEN[0] ?? '');
      const event = await gw.audit.get(id);
      const sha256 = createHash('sha256').update(readFileSync(target)).digest('hex');
      assert.deepEqual(event?.adapter, {
        name: `${PRODUCT}.adapter.json`,
        sha256,
        mode: 'enforce',
      });
      assert.ok(event.rules.some((r) => r.rule === 'harmful-strict' && r.adapted));

      // 5. Editing only the adapter file reloads it: in shadow mode the shipped rule blocks
      // again, and the event records what the adapter would have done instead.
      const shadow = { ...JSON.parse(readFileSync(target, 'utf8')), mode: 'shadow' } as object;
      writeFileSync(target, JSON.stringify(shadow));
      await until('the adapter reloads in shadow mode', () =>
        Promise.resolve(gw?.policies.get(PRODUCT)?.adapter?.mode === 'shadow'),
      );
      // The first unseen kitchen question the shipped rule still blocks (most pass since v11).
      let shadowed: Awaited<ReturnType<typeof chat>> | undefined;
      for (const text of KITCHEN_UNSEEN) {
        const r = await chat(gw, text);
        if (r.action === 'block') {
          shadowed = r;
          break;
        }
      }
      assert.ok(shadowed, 'no unseen kitchen question is blocked in shadow mode');
      const recorded = await gw.audit.get(shadowed.decision_id);
      assert.equal(recorded?.adapter?.mode, 'shadow');
      const strictOutcome = recorded?.rules.find((r) => r.rule === 'harmful-strict');
      assert.equal(strictOutcome?.action, 'block');
      assert.equal(strictOutcome?.adapted?.fired, false, 'the would-be change is recorded');
      // ... and the stats count the shadow-vs-live disagreement.
      const stats = await fetch(`${gw.url}/api/review/stats`, {
        headers: { authorization: `Bearer ${gw.reviewerTokens.dana ?? ''}` },
      });
      const { rows } = (await stats.json()) as {
        rows: { product: string; scanner: string; adapter_changes: number }[];
      };
      const changes = rows
        .filter((r) => r.product === PRODUCT && r.scanner === '*')
        .reduce((sum, r) => sum + r.adapter_changes, 0);
      assert.equal(changes, 1, 'one decision the shadow adapter would have changed');
    });
  });
