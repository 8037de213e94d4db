import type { Config } from './config';
import type { Database } from './db/client';
import type { LogFn } from './http/logger';
import type { Outbox } from './mail/outbox';
import type { Principal } from './auth/principal';
import type { Metrics } from './runtime/metrics';
import type { Limit, WorkKind } from './auth/rate-limit';

/** Everything a request handler may use; passed in, never module state. */
export interface AppDeps {
  config: Config;
  database: Database;
  log: LogFn;
  /** Outgoing email: written in the caller's transaction, sent by the mail worker. */
  outbox: Outbox;
  /** Server time. Injected so tests can move it; the device clock is never used. */
  now: () => Date;
  /** Prometheus metrics, when METRICS_PORT is set. */
  metrics?: Metrics;
  /** False while starting or draining (GET /api/health/ready answers 503); absent means ready. */
  readiness?: () => boolean;
  /**
   * Per-user limits on expensive work, replacing the defaults of
   * auth/rate-limit.ts's WORK_LIMITS. Only the benchmarks set it (one bench
   * user pushes thousands of edits a minute to measure throughput).
   */
  workLimits?: Partial<Record<WorkKind, Limit>>;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    userId?: string;
    principal?: Principal;
    /** Set instead of `principal` while the session owes its second factor. */
    pendingPrincipal?: Principal & { secondFactor: 'setup' | 'verify' };
    sessionTokenHash?: string;
  };
}
