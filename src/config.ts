/**
 * Gateway configuration: `parapet.config.yaml` (or PARAPET_CONFIG), then PARAPET_* environment
 * variables, which win. Validated once at start; a wrong value stops the process with a message
 * naming the key and where it came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { GatewayError } from './errors.js';

const Port = z.coerce.number().int().min(0).max(65535);
const Positive = z.coerce.number().int().min(1);

export const ConfigSchema = z
  .object({
    port: Port.default(8080).describe('PARAPET_PORT: HTTP port (0 = any free port).'),
    host: z.string().min(1).default('127.0.0.1').describe('PARAPET_HOST: interface to listen on.'),
    policies: z
      .string()
      .min(1)
      .default('./policies')
      .describe('PARAPET_POLICIES: policy directory.'),
    keys: z
      .string()
      .min(1)
      .default('./.parapet/keys.json')
      .describe('PARAPET_KEYS: product keys file.'),
    reviewers: z
      .string()
      .min(1)
      .default('./.parapet/reviewers.json')
      .describe('PARAPET_REVIEWERS: reviewer tokens file.'),
    backend: z
      .enum(['llama', 'openai'])
      .default('llama')
      .describe('PARAPET_BACKEND: llama | openai.'),
    model: z
      .string()
      .min(1)
      .optional()
      .describe('PARAPET_MODEL: GGUF path or hf: URI for the llama backend.'),
    judge_model: z
      .string()
      .min(1)
      .optional()
      .describe(
        'PARAPET_JUDGE_MODEL: GGUF path of a separate model for llm-judge rules (e.g. ShieldGemma); default: the chat backend judges.',
      ),
    model_dir: z
      .string()
      .min(1)
      .default('./.parapet/models')
      .describe('PARAPET_MODEL_DIR: where pulled models go.'),
    pull_on_start: z
      .stringbool()
      .default(true)
      .describe(
        'PARAPET_PULL_ON_START: pull the default Gemma if no model is set and none is present.',
      ),
    upstream_url: z.url().optional().describe('PARAPET_UPSTREAM_URL: OpenAI-compatible base URL.'),
    upstream_api_key: z
      .string()
      .optional()
      .describe('PARAPET_UPSTREAM_API_KEY: bearer token for the upstream.'),
    upstream_model: z
      .string()
      .min(1)
      .optional()
      .describe('PARAPET_UPSTREAM_MODEL: model name sent upstream.'),
    upstream_timeout_ms: Positive.default(120_000).describe(
      'PARAPET_UPSTREAM_TIMEOUT_MS: whole-request timeout.',
    ),
    upstream_retries: z.coerce
      .number()
      .int()
      .min(0)
      .max(5)
      .default(2)
      .describe(
        'PARAPET_UPSTREAM_RETRIES: retries of a refused/reset connection or a 502/503 before any byte (never mid-stream).',
      ),
    llama_threads: Positive.optional().describe(
      'PARAPET_LLAMA_THREADS: CPU threads for node-llama-cpp.',
    ),
    llama_context_size: Positive.default(4096).describe(
      'PARAPET_LLAMA_CONTEXT_SIZE: tokens per sequence.',
    ),
    llama_sequences: Positive.default(1).describe(
      'PARAPET_LLAMA_SEQUENCES: concurrent generations.',
    ),
    llama_max_queue: z.coerce
      .number()
      .int()
      .min(0)
      .default(16)
      .describe('PARAPET_LLAMA_MAX_QUEUE: waiting requests before 429.'),
    audit: z
      .string()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://…')
      .default('sqlite:./.parapet/audit.sqlite')
      .describe('PARAPET_AUDIT: audit store.'),
    audit_retention_days: z.coerce
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'PARAPET_AUDIT_RETENTION_DAYS: purge audit events older than this many days (0 = keep all).',
      ),
    audit_checkpoint_interval_ms: z.coerce
      .number()
      .int()
      .min(1000)
      .default(60_000)
      .describe(
        'PARAPET_AUDIT_CHECKPOINT_INTERVAL_MS: how often serve records the chain head (seq, hash, MAC under PARAPET_SECRET) so audit verify detects deleted newest events; also at start and shutdown.',
      ),
    audit_checkpoint_file: z
      .string()
      .min(1)
      .optional()
      .describe(
        'PARAPET_AUDIT_CHECKPOINT_FILE: append-only JSONL file, outside the audit database, that every checkpoint is also written to and audit verify checks (keep it where database users cannot write).',
      ),
    review_sample: z.coerce
      .number()
      .min(0)
      .max(1)
      .default(0.01)
      .describe(
        'PARAPET_REVIEW_SAMPLE: fraction of unflagged, unblocked decisions sampled into the review queue.',
      ),
    redis_url: z
      .string()
      .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
      .optional()
      .describe('PARAPET_REDIS_URL: Redis for rate limits shared by several replicas.'),
    rate_limit_per_minute: z.coerce
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('PARAPET_RATE_LIMIT_PER_MINUTE: requests per minute per key (0 = no limit).'),
    cors_origins: z
      .string()
      .default('')
      .transform((s) => s.split(',').flatMap((o) => (o.trim() === '' ? [] : [o.trim()])))
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(\*|https?:\/\/[^/\s,]+)$/,
              'must be * or origins like https://app.example.com',
            ),
        ),
      )
      .describe(
        'PARAPET_CORS_ORIGINS: comma-separated origins allowed to call /v1 from a browser, or * (default: none, CORS off).',
      ),
    metrics_token: z
      .string()
      .min(16)
      .regex(/^\S+$/, 'must not contain spaces')
      .optional()
      .describe(
        'PARAPET_METRICS_TOKEN: when set, GET /metrics requires `Authorization: Bearer <token>` (>= 16 chars); unset, /metrics is open and must not be exposed publicly.',
      ),
    shutdown_timeout_ms: Positive.default(10_000).describe(
      'PARAPET_SHUTDOWN_TIMEOUT_MS: on SIGTERM, how long in-flight requests may take before their connections are closed.',
    ),
    scan_workers: z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .optional()
      .describe(
        'PARAPET_SCAN_WORKERS: worker threads that score the linear classifiers off the request thread (default: one per CPU core but one, 1 to 4; 0 = score on the request thread).',
      ),
    scan_deadline_ms: Positive.default(5_000).describe(
      'PARAPET_SCAN_DEADLINE_MS: how long a scan worker may hold a batch before it counts as hung and is replaced (its scans fail closed).',
    ),
    log_level: z
      .enum(['error', 'warn', 'info', 'debug'])
      .default('info')
      .describe('PARAPET_LOG_LEVEL.'),
    secret: z
      .string()
      .min(16)
      .optional()
      .describe(
        'PARAPET_SECRET: HMAC key (>= 16 chars) for policy `hash` operators and audit checkpoint MACs.',
      ),
    body_limit: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i)
      .default('1mb')
      .describe('PARAPET_BODY_LIMIT: maximum request body.'),
    max_messages: Positive.default(256).describe(
      'PARAPET_MAX_MESSAGES: maximum messages per chat request.',
    ),
    watch_policies: z
      .stringbool()
      .default(true)
      .describe('PARAPET_WATCH_POLICIES: hot-reload policy files.'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.backend === 'openai' && !c.upstream_url) {
      ctx.addIssue({
        code: 'custom',
        path: ['upstream_url'],
        message: 'is required when backend is openai',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;
type Source = Record<string, unknown>;

const ENV_PREFIX = 'PARAPET_';

function fromEnv(env: NodeJS.ProcessEnv): Source {
  const out: Source = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[ENV_PREFIX + key.toUpperCase()];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function fromFile(path: string, required: boolean): Source {
  if (!existsSync(path)) {
    if (required) throw new GatewayError('config_invalid', { detail: `${path}: file not found` });
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new GatewayError('config_invalid', { detail: `${path}: not valid YAML`, cause: error });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GatewayError('config_invalid', { detail: `${path}: must be a mapping of settings` });
  }
  return parsed as Source;
}

/**
 * Loads and validates the configuration. `overrides` (CLI flags) win over the environment,
 * which wins over the file.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Source = {},
  configPath?: string,
): Config {
  const explicitPath = configPath ?? env.PARAPET_CONFIG;
  const path = explicitPath ?? 'parapet.config.yaml';
  const fileValues = fromFile(path, explicitPath !== undefined);
  const envValues = fromEnv(env);
  const merged = { ...fileValues, ...envValues, ...overrides };
  const result = ConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    const top = String(issue.path[0] ?? '');
    const where =
      top in overrides
        ? 'command line'
        : top in envValues
          ? `env ${ENV_PREFIX}${top.toUpperCase()}`
          : path;
    return issue.code === 'unrecognized_keys'
      ? `${path}: unknown setting(s) ${issue.keys.join(', ')}`
      : `${key} (${where}): ${issue.message}`;
  });
  throw new GatewayError('config_invalid', { detail: problems.join('; ') });
}
