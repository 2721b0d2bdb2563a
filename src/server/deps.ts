/** Process state, built once at start and handed to createApp: no module-level state anywhere. */
import type { CheckpointStatus } from '../audit/checkpoint-timer.js';
import type { ScanReadiness } from '../classifiers/scan-readiness.js';
import type { AuditStore } from '../audit/types.js';
import type { ChatBackend } from '../backends/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { ScanCache } from '../pipeline/scan-cache.js';
import type { KeyStore } from '../policy/keys.js';
import type { ReviewerStore } from '../review/reviewers.js';
import type { ReviewStore } from '../audit/review-types.js';
import type { ReviewSessionStore } from '../audit/session-types.js';
import type { PolicyStore } from '../policy/types.js';
import type { RedisCommand } from './rate-limit.js';
import type { InFlight } from './in-flight.js';
import type { TokenLimiter } from './token-limit.js';

export interface BackendSlot {
  /** Null when no model could be loaded: chat answers 503, guard still works. */
  readonly backend: ChatBackend | null;
  /** Why there is no backend, for /readyz and logs (no secrets). */
  readonly missing?: string;
}

export interface Deps {
  readonly config: Pick<
    Config,
    'body_limit' | 'max_messages' | 'rate_limit_per_minute' | 'cors_origins' | 'metrics_token'
  >;
  readonly logger: Logger;
  readonly policies: PolicyStore;
  readonly keys: KeyStore;
  readonly audit: AuditStore;
  /** The review queue, labels and stats: the audit store, seen through its review side. */
  readonly review: ReviewStore;
  /** Reviewer sign-in sessions: the audit store's session side, so they outlive a restart. */
  readonly sessions: ReviewSessionStore;
  readonly reviewers: ReviewerStore;
  readonly backend: BackendSlot;
  /** The separate llm-judge model (PARAPET_JUDGE_MODEL); absent: the chat backend judges. */
  readonly judge?: ChatBackend;
  readonly cache: ScanCache;
  readonly metrics: Metrics;
  /** Shared rate-limit counts for several replicas; absent: in this process. */
  readonly redis?: RedisCommand;
  /** Token budgets per product; createApp sets it (in memory, or in Redis when given). */
  readonly tokens?: TokenLimiter;
  /** Counts running chat/guard/moderation handlers, for shutdown to wait on; absent: untracked. */
  readonly inFlight?: InFlight;
  /** The last chain-head checkpoint (serve writes them); absent: none are written, no check. */
  readonly checkpoint?: () => CheckpointStatus;
  /** Whether every model and scan worker is loaded and warmed up; absent: no check. */
  readonly scanning?: () => ScanReadiness;
}
