/**
 * Builds the process state from the configuration and runs the HTTP server: the one place that
 * knows about every concrete part (stores, backend, policies). Shutdown drains in-flight
 * requests, flushes the audit store and releases the model.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { openAuditStore } from './audit/stores/open-store.js';
import { startCheckpoints } from './audit/checkpoint-timer.js';
import { startRetention } from './audit/retention.js';
import { openJudgeModel } from './backends/judge-model.js';
import { createLlamaBackend } from './backends/llama.js';
import { defaultModelPath, pullModel } from './backends/model-pull.js';
import { createOpenAIBackend } from './backends/openai.js';
import { DEFAULT_RETRY } from './backends/upstream-retry.js';
import type { NextTokenRequest } from './contract/types.js';
import type { Config } from './config.js';
import { GatewayError } from './errors.js';
import type { Logger } from './log.js';
import { Metrics } from './observability/metrics.js';
import { ScanCache } from './pipeline/scan-cache.js';
import { KeyStore } from './policy/keys.js';
import { ReviewerStore } from './review/reviewers.js';
import { openPolicyStore } from './policy/store.js';
import { digestsFileFor } from './policy/version-drift.js';
import { sharedClassifiers } from './classifiers/classifier-cache.js';
import { openScanPool } from './classifiers/scan-pool-size.js';
import { scanReadiness } from './classifiers/scan-readiness.js';
import { SCANNER_HOST_URL } from './pipeline/scanner-host.js';
import { allScanners } from './scanners/registry.js';
import { createApp } from './server/app.js';
import { InFlight } from './server/in-flight.js';
import { connectRedis } from './server/redis-client.js';
import type { BackendSlot } from './server/deps.js';

// After the connections are gone, how long handlers get to finish their audit writes.
const HANDLER_GRACE_MS = 5_000;

export interface RunningGateway {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function openBackend(config: Config, logger: Logger): Promise<BackendSlot> {
  if (config.backend === 'openai') {
    const backend = createOpenAIBackend({
      url: config.upstream_url ?? '',
      model: config.upstream_model ?? 'gemma',
      timeoutMs: config.upstream_timeout_ms,
      retry: { ...DEFAULT_RETRY, retries: config.upstream_retries },
      ...(config.upstream_api_key ? { apiKey: config.upstream_api_key } : {}),
    });
    return { backend };
  }
  const modelPath = await resolveModelPath(config, logger);
  if (!modelPath) {
    // `npm run demo` writes a tiny (toy) Gemma: say how to use it rather than pick it silently.
    const demo = join(config.model_dir, 'tiny-gemma.gguf');
    const hint = existsSync(demo)
      ? ` (npm run demo left one: PARAPET_MODEL=${demo} npm start)`
      : '';
    return {
      backend: null,
      missing: `no Gemma model file: set PARAPET_MODEL${hint} or run \`parapet model pull gemma\``,
    };
  }
  try {
    const backend = await createLlamaBackend({
      modelPath,
      contextSize: config.llama_context_size,
      sequences: config.llama_sequences,
      maxQueue: config.llama_max_queue,
      // llama.cpp's own load and context messages go through our JSON logger.
      logger: (level, message) => logger.log(level, 'llama.cpp', { detail: message.trim() }),
      ...(config.llama_threads ? { threads: config.llama_threads } : {}),
    });
    logger.info('model loaded', { model: backend.info().model });
    return { backend };
  } catch (error) {
    logger.error('model failed to load', {
      cause: error instanceof Error ? error.message : String(error),
    });
    return { backend: null, missing: 'the model file could not be loaded (see logs)' };
  }
}

async function resolveModelPath(config: Config, logger: Logger): Promise<string | undefined> {
  if (config.model && !config.model.startsWith('hf:')) {
    if (!existsSync(config.model))
      throw new GatewayError('config_invalid', {
        detail: `PARAPET_MODEL: ${config.model} does not exist`,
      });
    return config.model;
  }
  const pulled = defaultModelPath(config.model_dir);
  if (!config.model && existsSync(pulled)) return pulled;
  if (!config.model && !config.pull_on_start) return undefined;
  try {
    return await pullModel('gemma', {
      directory: config.model_dir,
      ...(config.model ? { uri: config.model } : {}),
    });
  } catch (error) {
    logger.warn('model pull failed; serving guard only', {
      cause: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

export async function startGateway(config: Config, logger: Logger): Promise<RunningGateway> {
  const audit = await openAuditStore(config.audit, { reviewSample: config.review_sample });
  const retention = startRetention(audit, config.audit_retention_days, logger);
  const checkpoints = startCheckpoints(audit.checkpoints, {
    intervalMs: config.audit_checkpoint_interval_ms,
    secret: config.secret,
    file: config.audit_checkpoint_file,
    logger,
  });
  const backend = await openBackend(config, logger);
  const judge = await openJudgeModel(config, logger);
  const countTokens = (text: string, signal: AbortSignal) => {
    if (!backend.backend) return Promise.reject(new GatewayError('backend_unavailable'));
    return backend.backend.countTokens(text, signal);
  };
  const nextTokenProbabilities = (request: NextTokenRequest) => {
    const asked = judge ?? backend.backend;
    if (!asked) return Promise.reject(new GatewayError('backend_unavailable'));
    return asked.nextTokenProbabilities(request);
  };
  // Offloadable rules (rule matching, PII, secrets) run whole on the pool, off the event loop.
  const scanPool = openScanPool(config, SCANNER_HOST_URL);
  const policies = await openPolicyStore(config.policies, {
    scanners: allScanners,
    deps: {
      countTokens,
      nextTokenProbabilities,
      ...(scanPool ? { scoring: scanPool, offload: scanPool } : {}),
    },
    ...(config.secret === undefined ? {} : { secret: config.secret }),
    watch: config.watch_policies,
    logger,
    digestsFile: digestsFileFor(config.keys),
  });
  const keys = new KeyStore(config.keys);
  const reviewers = new ReviewerStore(config.reviewers);
  const metrics = new Metrics({
    policies: () => policies.status(),
    backend: () => backend.backend?.info(),
    ...(scanPool ? { scanPool: () => scanPool.stats() } : {}),
  });
  const redis = config.redis_url ? await connectRedis(config.redis_url, logger) : undefined;
  const inFlight = new InFlight();
  const app = createApp({
    config,
    logger,
    policies,
    keys,
    audit,
    review: audit,
    sessions: audit.sessions,
    reviewers,
    backend,
    ...(judge ? { judge } : {}),
    cache: new ScanCache(undefined, scanPool),
    metrics,
    inFlight,
    checkpoint: () => checkpoints.status(),
    scanning: () => scanReadiness(sharedClassifiers, scanPool),
    ...(redis ? { redis: redis.command } : {}),
  });
  // Listen only once the policies' models are loaded and warmed up, in process and on every scan
  // worker (or failed or out of time: those rules then fail closed and /readyz says not ready):
  // a request served during a cold start would race it against the rule's 1 s timeout.
  await Promise.all([sharedClassifiers.settled(), scanPool?.ready()]);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info('listening', {
    url,
    products: policies.list().map((p) => p.product),
    keys: keys.count,
    reviewers: reviewers.count,
  });
  if (!backend.backend)
    logger.warn('no chat model: /v1/chat/completions answers 503 backend_unavailable', {
      reason: backend.missing,
    });
  return {
    url,
    server,
    async close() {
      // Keep-alive sockets of requests still in flight would otherwise hold close() open until
      // their idle timeout: close each one as soon as its response is done.
      const reapIdle = setInterval(() => {
        server.closeIdleConnections();
      }, 50);
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeIdleConnections();
      }).finally(() => {
        clearInterval(reapIdle);
      });
      // Handlers cut off at the deadline record their events (client_closed) just after.
      if (!(await inFlight.idle(HANDLER_GRACE_MS))) {
        logger.warn('shutdown: handlers still running after the grace period', {
          handlers: inFlight.count,
        });
      }
      await policies.close();
      await scanPool?.close();
      await retention.stop();
      // The last checkpoint covers every event the drained handlers wrote.
      await checkpoints.stop();
      await audit.close();
      await backend.backend?.close();
      await judge?.close();
      await redis?.close();
    },
  };
}
