/**
 * Prometheus metrics, derived from the one AuditEvent every request produces: the event already
 * holds the route, product, actions, each rule's score, duration and error, the backend latency
 * and token usage, so counting it in one place keeps the numbers and the audit trail consistent.
 * Labels are ids and codes only: never customer text. Each app gets its own registry.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditEvent } from '../audit/types.js';
import type { BackendInfo } from '../backends/types.js';
import type { PolicyStatus } from '../policy/types.js';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const BACKEND_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** What the scanning worker pool reports (classifiers/scan-pool.ts). */
export interface ScanPoolStatus {
  /** Per worker, its V8 heap in use as it last reported it. */
  readonly heapUsedBytes: readonly number[];
  /** Workers replaced since start, by why: `crash` (exited or threw) or `hang` (deadline). */
  readonly restarts: Readonly<Record<'crash' | 'hang', number>>;
}

export interface MetricsSources {
  readonly policies: () => PolicyStatus;
  readonly backend: () => BackendInfo | undefined;
  /** Absent: no pool (PARAPET_SCAN_WORKERS=0): no restarts, no workers. */
  readonly scanPool?: () => ScanPoolStatus;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'product' | 'mode' | 'action' | 'outcome'>;
  readonly #ruleActions: Counter<'product' | 'mode' | 'stage' | 'rule' | 'scanner' | 'action'>;
  readonly #scannerSeconds: Histogram<'scanner' | 'stage'>;
  readonly #scannerScores: Histogram<'scanner' | 'stage'>;
  readonly #scannerErrors: Counter<'scanner' | 'stage' | 'error'>;
  readonly #requestSeconds: Histogram<'route'>;
  readonly #backendSeconds: Histogram<'backend' | 'outcome'>;
  readonly #tokens: Counter<'product' | 'kind'>;
  readonly #auditFailures: Counter;
  readonly #errorResponses: Counter<'code'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'parapet_process_' });
    this.#requests = new Counter({
      name: 'parapet_requests_total',
      help: 'Requests by route, product, policy mode (enforce or shadow: a shadow block reached the user), final action and outcome (ok or an error code).',
      labelNames: ['route', 'product', 'mode', 'action', 'outcome'],
      registers,
    });
    this.#ruleActions = new Counter({
      name: 'parapet_rule_actions_total',
      help: 'Rules that fired (action other than allow), by product, policy mode (enforce or shadow), stage, rule and scanner.',
      labelNames: ['product', 'mode', 'stage', 'rule', 'scanner', 'action'],
      registers,
    });
    this.#scannerSeconds = new Histogram({
      name: 'parapet_scanner_duration_seconds',
      help: 'Time a rule took to scan a request (all its texts), cache hits excluded.',
      labelNames: ['scanner', 'stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#scannerScores = new Histogram({
      name: 'parapet_scanner_score',
      help: 'Scores the scanners gave, to watch for drift against the thresholds.',
      labelNames: ['scanner', 'stage'],
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99],
      registers,
    });
    this.#scannerErrors = new Counter({
      name: 'parapet_scanner_errors_total',
      help: 'Scanner failures and timeouts (the rule on_error applied).',
      labelNames: ['scanner', 'stage', 'error'],
      registers,
    });
    this.#requestSeconds = new Histogram({
      name: 'parapet_request_duration_seconds',
      help: 'Whole request time inside the gateway, generation included.',
      labelNames: ['route'],
      buckets: BACKEND_BUCKETS,
      registers,
    });
    this.#backendSeconds = new Histogram({
      name: 'parapet_backend_duration_seconds',
      help: 'Time the chat backend took, by backend kind and outcome.',
      labelNames: ['backend', 'outcome'],
      buckets: BACKEND_BUCKETS,
      registers,
    });
    this.#tokens = new Counter({
      name: 'parapet_tokens_total',
      help: 'Tokens the backend reported, by product and kind (prompt or completion).',
      labelNames: ['product', 'kind'],
      registers,
    });
    this.#errorResponses = new Counter({
      name: 'parapet_error_responses_total',
      help: 'Error responses by catalogue code, including refusals that write no audit event (bad key, rate and token limits).',
      labelNames: ['code'],
      registers,
    });
    this.#auditFailures = new Counter({
      name: 'parapet_audit_write_failures_total',
      help: 'Audit events that could not be written (the request failed closed).',
      registers,
    });
    new Gauge({
      name: 'parapet_policies_ok',
      help: '1 when the last policy load succeeded, 0 while a broken change is being refused.',
      registers,
      collect() {
        this.set(sources.policies().ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'parapet_policy_products',
      help: 'Products with a loaded policy.',
      registers,
      collect() {
        this.set(sources.policies().products.length);
      },
    });
    new Gauge({
      name: 'parapet_backend_ready',
      help: '1 when a chat model is loaded and ready.',
      registers,
      collect() {
        this.set(sources.backend()?.ready ? 1 : 0);
      },
    });
    new Gauge({
      name: 'parapet_backend_queue_depth',
      help: 'Requests running or waiting for the embedded model.',
      registers,
      collect() {
        this.set(sources.backend()?.queueDepth ?? 0);
      },
    });
    registerScanPool(this.registry, sources.scanPool ?? (() => NO_POOL));
  }

  /** Counts one request from its audit event (recorded or not). */
  observe(event: AuditEvent): void {
    this.#requests.inc({
      route: event.route,
      product: event.product,
      mode: event.mode,
      action: event.action,
      outcome: event.outcome,
    });
    this.#requestSeconds.observe({ route: event.route }, event.latencyMs.total / 1000);
    for (const r of event.rules) {
      if (r.skipped) continue; // a gated rule that did not run measured nothing
      const labels = { scanner: r.scanner, stage: r.stage };
      if (!r.cached) this.#scannerSeconds.observe(labels, r.durationMs / 1000);
      this.#scannerScores.observe(labels, r.score ?? 0);
      if (r.error) this.#scannerErrors.inc({ ...labels, error: r.error });
      if (r.action !== 'allow') {
        this.#ruleActions.inc({
          product: event.product,
          mode: event.mode,
          stage: r.stage,
          rule: r.rule,
          scanner: r.scanner,
          action: r.action,
        });
      }
    }
    if (event.backend && event.latencyMs.backend !== null) {
      this.#backendSeconds.observe(
        { backend: event.backend.kind, outcome: event.outcome },
        event.latencyMs.backend / 1000,
      );
    }
    if (event.usage) {
      this.#tokens.inc({ product: event.product, kind: 'prompt' }, event.usage.promptTokens);
      this.#tokens.inc(
        { product: event.product, kind: 'completion' },
        event.usage.completionTokens,
      );
    }
  }

  auditWriteFailed(): void {
    this.#auditFailures.inc();
  }

  errorResponse(code: string): void {
    this.#errorResponses.inc({ code });
  }
}

const NO_POOL: ScanPoolStatus = { heapUsedBytes: [], restarts: { crash: 0, hang: 0 } };

function registerScanPool(registry: Registry, status: () => ScanPoolStatus): void {
  new Counter({
    name: 'parapet_scan_worker_restarts_total',
    help: 'Scan workers replaced, by reason: crash (exited or threw) or hang (held a batch past PARAPET_SCAN_DEADLINE_MS); the scans they held failed closed.',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      // The pool counts; this mirrors its monotone totals at scrape time.
      this.reset();
      for (const [reason, n] of Object.entries(status().restarts)) this.inc({ reason }, n);
    },
  });
  new Gauge({
    name: 'parapet_scan_worker_heap_used_bytes',
    help: 'V8 heap in use per scan worker, as each last reported it (model weights are outside the heap).',
    labelNames: ['worker'],
    registers: [registry],
    collect() {
      this.reset();
      status().heapUsedBytes.forEach((bytes, i) => {
        this.set({ worker: String(i) }, bytes);
      });
    },
  });
}
