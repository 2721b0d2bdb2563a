/**
 * The `parapet eval --format html` page in a real browser: Debian's chromium driven by
 * playwright-core opens the file the real command wrote, from file://, with every network request
 * refused and recorded, and checks that the charts and threshold markers are drawn. Screenshots
 * go to test-artifacts/eval-report/ (git-ignored). Skips without chromium.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/eval-report/', import.meta.url));
const FIX = 'tests/fixtures/eval';
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) to run the browser test`;

let dir: string;
let profile: string;
let context: BrowserContext;
let page: Page;
let reportUrl: string;
const requests: string[] = [];
const problems: string[] = [];

describe('eval html report in chromium', { skip }, () => {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'parapet-eval-html-'));
    const out = join(dir, 'report.html');
    const data = ['mixed', 'attacks', 'benign'].map((f) => `${FIX}/prompt_injection/${f}.jsonl`);
    const run = await runCli([
      'eval',
      ...['--policy', 'shop', '--policies', `${FIX}/policies`, '--count-flag'],
      ...['--data', ...data, `${FIX}/pii/contacts.jsonl`, '--format', 'html', '--out', out],
    ]);
    assert.equal(run.code, 0, run.stderr);
    reportUrl = pathToFileURL(out).href;
    profile = mkdtempSync(join(tmpdir(), 'parapet-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // Offline means nothing but the page itself is ever asked for: record and refuse the rest.
    await context.route(
      (url) => url.href !== reportUrl,
      (route) => {
        requests.push(route.request().url());
        return route.abort();
      },
    );
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => {
      if (r.url() !== reportUrl) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('when the page opens offline, then every rule of every file shows both charts with its threshold marked', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(reportUrl);
    assert.match(await page.title(), /^parapet eval: policy shop v2/);
    // 3 files and their pooled group, each with the block and the flag rule.
    const rules = page.locator('section.rule');
    assert.equal(await rules.count(), 8);
    for (const rule of await rules.all()) {
      const id = await rule.getAttribute('data-rule');
      const charts = rule.locator('svg.chart');
      // Single-label files (attacks, benign) get the score chart only.
      assert.ok((await charts.count()) >= 1, `no chart for ${id}`);
      for (const chart of await charts.all()) {
        const box = await chart.boundingBox();
        assert.ok(box && box.width > 100 && box.height > 100, `chart of ${id} not drawn`);
        const marker = chart.locator('.threshold-marker');
        assert.equal(await marker.count(), 1, `no threshold marker on a chart of ${id}`);
        const mark = await marker.boundingBox();
        assert.ok(mark && mark.width > 0 && mark.height > 0, `threshold marker of ${id} not drawn`);
      }
      assert.ok((await rule.locator('table tbody tr').count()) > 0, `no sweep table for ${id}`);
    }
    assert.equal(
      await page.locator('svg.pr-chart').count(),
      4,
      'mixed and pooled have both labels',
    );
    // The marker is drawn in its own colour, not inherited black: the inline CSS applied.
    const stroke = await page
      .locator('svg.score-chart .threshold-marker line')
      .first()
      .evaluate((el) => {
        // Runs in the page; the test's TypeScript has no DOM types.
        const win = globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } };
        return win.getComputedStyle(el).stroke;
      });
    assert.equal(stroke, 'rgb(192, 38, 45)');
    await page.screenshot({ path: join(ARTIFACTS, 'desktop.png'), fullPage: true });
    await page
      .locator('section.rule')
      .first()
      .screenshot({ path: join(ARTIFACTS, 'rule.png') });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: join(ARTIFACTS, 'phone.png'), fullPage: true });
    assert.deepEqual(requests, [], 'the page asked the network for something');
    assert.deepEqual(problems, []);
  });
});
