/**
 * Configuration, from environment variables only (documented in the README).
 * Parsed once at start; a bad value stops the server with a clear message.
 */
import { z } from 'zod';
import { DEFAULT_WEB_DIST } from './paths';
import { LOG_LEVELS } from './http/logger';

/** A setting given as `NAME=` (as compose passes an unset `${NAME:-}`) counts as not set. */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema);

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The public origin, e.g. https://s11.example.org; requests from other origins are refused. */
  PUBLIC_ORIGIN: z.string().url().optional(),
  /** The mail relay, e.g. smtp://user:pass@relay.example.org:587 (smtps:// for TLS from the start). */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('S11 Portal <no-reply@localhost>'),
  /**
   * "true": this server sends no email at all (say so to people instead of
   * pretending): invitations hand the manager the link to pass on, the
   * password reset page says to ask the partnership. Production refuses to
   * start with neither SMTP_URL nor this.
   */
  MAIL_DISABLED: z.enum(['true', 'false']).default('false'),
  /**
   * Demo data on first start with an empty database: only when set to "true"
   * explicitly (`pnpm start` and the e2e harness do), never by default against
   * a DATABASE_URL; refused in production.
   */
  DEMO_DATA: z.enum(['true', 'false']).default('false'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).default(240),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /**
   * How many reverse proxies stand in front of this server (0: none). With N,
   * the client address is the Nth entry of X-Forwarded-For counted from the
   * right (the entries proxies appended; anything further left is whatever the
   * client sent) and X-Request-Id is taken from the proxy. "true" means 1.
   */
  TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v)))
    .pipe(z.number().int().min(0).max(10)),
  /**
   * Single sign-on with an OpenID Connect provider (all three to turn it on).
   * The provider must allow the redirect URI <origin>/api/auth/oidc/callback.
   */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The button says "Sign in with <this>". */
  OIDC_DISPLAY_NAME: z.string().min(1).max(80).default('your organisation account'),
  /**
   * Who runs the service, e.g. "Anytown Safeguarding Children Partnership",
   * and where people reach them: named by the accessibility statement, the
   * privacy notice and the contact page (the Public Sector Bodies
   * Accessibility Regulations ask for a contact). Set both in production.
   */
  SERVICE_OWNER_NAME: unsetWhenEmpty(z.string().trim().min(1).max(120).optional()),
  SERVICE_CONTACT_EMAIL: unsetWhenEmpty(z.string().email().max(254).optional()),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  WEB_DIST: z.string().default(DEFAULT_WEB_DIST),
  /** How long start-up keeps retrying a database that is not reachable yet (with back-off). */
  DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Connections per instance in the PostgreSQL pool. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** On SIGTERM: how long readiness reports "draining" before the listener closes (for load balancers). */
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  /** On SIGTERM: how long requests in flight may take to finish before they are cut. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(25),
  /** Prometheus metrics on their own port (off when unset), on METRICS_HOST (loopback by default). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** One problem with one setting; start-up logs each as one JSON line. */
export interface ConfigProblem {
  setting: string;
  problem: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.setting}: ${p.problem}`).join('\n')}`,
    );
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ setting: i.path.join('.'), problem: i.message })),
    );
  }
  return parsed.data;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Settings that parse but cannot work together, found before anything starts
 * (the service then refuses to start, one log line per problem). Some only
 * matter in production, where a silent misconfiguration costs most: without
 * PUBLIC_ORIGIN, every sign-in through a TLS proxy was refused with 403.
 */
export function configProblems(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const production = config.NODE_ENV === 'production';
  if (config.PUBLIC_ORIGIN) {
    const url = new URL(config.PUBLIC_ORIGIN);
    if (url.origin !== config.PUBLIC_ORIGIN.replace(/\/$/, '')) {
      problems.push({
        setting: 'PUBLIC_ORIGIN',
        problem: `must be an origin only (scheme, host and port, e.g. ${url.origin}), with no path, query or fragment`,
      });
    } else if (production && url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
      problems.push({
        setting: 'PUBLIC_ORIGIN',
        problem:
          'must be https:// in production: session cookies are only marked Secure for an https origin (terminate TLS at the reverse proxy)',
      });
    }
  } else if (production) {
    problems.push({
      setting: 'PUBLIC_ORIGIN',
      problem:
        'is required in production (e.g. https://s11.example.org): without it, sign-ins through a TLS proxy are refused as cross-site',
    });
  }
  if (production && !config.SMTP_URL && config.MAIL_DISABLED !== 'true') {
    problems.push({
      setting: 'SMTP_URL',
      problem:
        'is required in production (the development mailbox exists only outside production); to run without email, set MAIL_DISABLED=true: invitations then give the manager the link to pass on',
    });
  }
  if (production && config.DEMO_DATA === 'true') {
    problems.push({
      setting: 'DEMO_DATA',
      problem: 'must not be true in production: the demo accounts share a published password',
    });
  }
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT === config.PORT) {
    problems.push({
      setting: 'METRICS_PORT',
      problem: 'must differ from PORT: metrics are served on their own port, not the public one',
    });
  }
  if (config.SESSION_IDLE_MINUTES > config.SESSION_ABSOLUTE_HOURS * 60) {
    problems.push({
      setting: 'SESSION_IDLE_MINUTES',
      problem: 'is longer than SESSION_ABSOLUTE_HOURS, so it would never apply',
    });
  }
  if (config.SHUTDOWN_DELAY_SECONDS >= config.SHUTDOWN_TIMEOUT_SECONDS) {
    problems.push({
      setting: 'SHUTDOWN_DELAY_SECONDS',
      problem: 'must be shorter than SHUTDOWN_TIMEOUT_SECONDS',
    });
  }
  return problems;
}
