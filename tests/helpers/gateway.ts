/**
 * Starts the real gateway app on 127.0.0.1 port 0 with real stores and a given backend, and
 * captures every log line so tests can assert what was (and was not) logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import { openAuditStore, type OpenedAuditStore } from '../../src/audit/stores/open-store.js';
import type { AuditStore } from '../../src/audit/types.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import type { NextTokenRequest } from '../../src/contract/types.js';
import { sharedClassifiers } from '../../src/classifiers/classifier-cache.js';
import { ScanPool } from '../../src/classifiers/scan-pool.js';
import { scanReadiness } from '../../src/classifiers/scan-readiness.js';
import { SCANNER_HOST_URL } from '../../src/pipeline/scanner-host.js';
import { Metrics } from '../../src/observability/metrics.js';
import { ScanCache } from '../../src/pipeline/scan-cache.js';
import { createKey, KeyStore } from '../../src/policy/keys.js';
import { createReviewer, ReviewerStore } from '../../src/review/reviewers.js';
import type { ProductScope } from '../../src/audit/review-types.js';
import { openPolicyStore, type ReloadablePolicyStore } from '../../src/policy/store.js';
import { allScanners } from '../../src/scanners/registry.js';
import { createApp } from '../../src/server/app.js';
import type { BackendSlot } from '../../src/server/deps.js';
import type { RedisCommand } from '../../src/server/rate-limit.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

export const FIXTURE_POLICIES = new URL('../fixtures/gateway-policies/', import.meta.url).pathname;

export interface TestGateway {
  readonly url: string;
  /** For the openai SDK's baseURL. */
  readonly baseURL: string;
  readonly keys: Readonly<Record<string, string>>;
  /** Reviewer tokens by the names given in `reviewers`. */
  readonly reviewerTokens: Readonly<Record<string, string>>;
  readonly reviewersFile: string;
  readonly audit: OpenedAuditStore;
  readonly policies: ReloadablePolicyStore;
  readonly logs: string[];
  readonly dir: string;
  readonly keysFile: string;
  /** The scanning pool, when `scanPool` asked for one (with test hooks). */
  readonly scanPool?: ScanPool;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  readonly backend: BackendSlot;
  /** A separate llm-judge model (PARAPET_JUDGE_MODEL), reported by /readyz. */
  readonly judge?: ChatBackend;
  readonly products: readonly string[];
  readonly policiesDir?: string;
  readonly audit?: OpenedAuditStore;
  /** Share of allowed decisions sampled into the review queue (store default otherwise). */
  readonly reviewSample?: number;
  /** Reviewer tokens to create: name → products (or 'all'). */
  readonly reviewers?: Readonly<Record<string, ProductScope>>;
  readonly watch?: boolean;
  readonly rateLimitPerMinute?: number;
  /** Share another gateway's keys file (a second replica). */
  readonly keysFile?: string;
  /** Share another gateway's reviewers file (a second replica, or the same one restarted). */
  readonly reviewersFile?: string;
  /** PARAPET_METRICS_TOKEN: when given, /metrics wants it as a bearer. */
  readonly metricsToken?: string;
  readonly redis?: RedisCommand;
  /** Origins allowed by CORS; default none (off). */
  readonly corsOrigins?: readonly string[];
  /** Score the linear classifiers on a worker pool (test hooks on); default: in process. */
  readonly scanPool?: { readonly size: number; readonly deadlineMs: number };
}

export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-gw-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = winston.createLogger({
    level: 'debug',
    format: winston.format.json(),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's typings
    transports: [new winston.transports.Stream({ stream: sink })],
  });
  const audit =
    options.audit ??
    (await openAuditStore(
      `sqlite:${join(dir, 'audit.sqlite')}`,
      options.reviewSample === undefined ? {} : { reviewSample: options.reviewSample },
    ));
  const countTokens = (text: string, signal: AbortSignal) =>
    options.backend.backend
      ? options.backend.backend.countTokens(text, signal)
      : Promise.reject(new Error('no backend'));
  const nextTokenProbabilities = (request: NextTokenRequest) =>
    options.backend.backend
      ? options.backend.backend.nextTokenProbabilities(request)
      : Promise.reject(new Error('no backend'));
  const scanPool =
    options.scanPool &&
    new ScanPool({ ...options.scanPool, testHooks: true, scannerHost: SCANNER_HOST_URL });
  const policies = await openPolicyStore(options.policiesDir ?? FIXTURE_POLICIES, {
    scanners: allScanners,
    // As serve.ts: offloadable rules run whole on the pool.
    deps: {
      countTokens,
      nextTokenProbabilities,
      ...(scanPool ? { scoring: scanPool, offload: scanPool } : {}),
    },
    watch: options.watch ?? false,
    debounceMs: 50,
    logger,
  });
  const keysFile = options.keysFile ?? join(dir, 'keys.json');
  const keys: Record<string, string> = {};
  for (const product of options.products) keys[product] = createKey(keysFile, product).key;
  const reviewersFile = options.reviewersFile ?? join(dir, 'reviewers.json');
  const reviewerTokens: Record<string, string> = {};
  for (const [name, scope] of Object.entries(options.reviewers ?? {}))
    reviewerTokens[name] = createReviewer(reviewersFile, name, scope).token;
  const app = createApp({
    config: {
      body_limit: '64kb',
      max_messages: 64,
      rate_limit_per_minute: options.rateLimitPerMinute ?? 0,
      cors_origins: [...(options.corsOrigins ?? [])],
      ...(options.metricsToken === undefined ? {} : { metrics_token: options.metricsToken }),
    },
    ...(options.redis ? { redis: options.redis } : {}),
    logger,
    policies,
    keys: new KeyStore(keysFile),
    audit,
    review: audit,
    sessions: audit.sessions,
    reviewers: new ReviewerStore(reviewersFile),
    backend: options.backend,
    ...(options.judge ? { judge: options.judge } : {}),
    // As serve.ts: with a pool, the language gate's guesses are ranked on it too.
    cache: new ScanCache(undefined, scanPool),
    metrics: new Metrics({
      policies: () => policies.status(),
      backend: () => options.backend.backend?.info(),
      ...(scanPool ? { scanPool: () => scanPool.stats() } : {}),
    }),
    scanning: () => scanReadiness(sharedClassifiers, scanPool),
  });
  // As serve.ts: listen once every model is loaded and warmed up, in process and on each worker,
  // so a test's first scan does not race a cold start against its rule's 1 s timeout.
  await Promise.all([sharedClassifiers.settled(), scanPool?.ready()]);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    keys,
    reviewerTokens,
    reviewersFile,
    audit,
    policies,
    logs,
    dir,
    keysFile,
    ...(scanPool ? { scanPool } : {}),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await policies.close();
      await scanPool?.close();
      await audit.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface UpstreamGateway extends TestGateway {
  /** The fake OpenAI-compatible upstream the gateway forwards to (set `up.reply`, read `up.requests`). */
  readonly up: FakeUpstream;
}

/**
 * The integration tests' usual setup: a test gateway whose backend is the openai backend talking
 * to a fake upstream over loopback; `close()` stops all three.
 */
export async function startGatewayOnFakeUpstream(
  options: Omit<TestGatewayOptions, 'backend'>,
): Promise<UpstreamGateway> {
  const up = await startFakeUpstream();
  const backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  const stopUpstream = async () => {
    await backend.close();
    await up.close();
  };
  let gw: TestGateway;
  try {
    gw = await startTestGateway({ ...options, backend: { backend } });
  } catch (error) {
    await stopUpstream();
    throw error;
  }
  return {
    ...gw,
    up,
    async close() {
      await gw.close();
      await stopUpstream();
    },
  };
}

/** The audit events written so far, in order. */
export async function auditEvents(audit: AuditStore) {
  const events = [];
  for await (const e of audit.export()) events.push(e);
  return events;
}
