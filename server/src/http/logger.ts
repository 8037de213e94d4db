/**
 * Structured logs (pino, one JSON line each). What never reaches a log:
 * anything a person typed (bodies, SQL parameters, error messages, which
 * quote values), query strings, cookies, headers and tokens. So:
 * - request lines carry the method, the path with any token replaced
 *   (`redactPath`), the status, the time taken, the user id and request id;
 * - errors are logged as class, code and stack frames (`errorFields`), never
 *   their message: a database error's message holds the failed query's values;
 * - pino's `redact` removes keys that hold content wherever they appear, as a
 *   second line of defence for any call site that passes them.
 *
 * Entry points: `LogFn` (what code calls), `jsonLogger()` (stdout or a
 * writer), `silentLogger`, `requestLogger()` (middleware), `errorFields()`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { pino, type DestinationStream } from 'pino';

export type LogFn = (entry: Record<string, unknown>) => void;

/** Keys whose values are content or secrets, removed at any depth pino can address. */
const REDACT_KEYS = [
  'body',
  'params',
  'query',
  'search',
  'cookie',
  'cookies',
  'headers',
  'authorization',
  'password',
  'token',
  'to',
  'subject',
  'email',
  'values',
  'input',
];
const REDACT_PATHS = REDACT_KEYS.flatMap((k) => [k, `*.${k}`]);

/** The levels LOG_LEVEL accepts, quietest last: pino's names. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A pino logger behind the `LogFn` shape: `{ level, msg, ...fields }`.
 * `write` receives each finished line (tests capture them); stdout otherwise.
 */
export function jsonLogger(write?: (line: string) => void, opts: { level?: LogLevel } = {}): LogFn {
  const destination: DestinationStream | undefined = write
    ? { write: (line: string) => write(line.replace(/\n$/, '')) }
    : undefined;
  const logger = pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return (entry) => {
    const { level, msg, ...rest } = entry;
    // Start-up refusals are 'fatal' (operators alert on it); unknown levels are 'info'.
    const lvl =
      level === 'fatal' || level === 'error' || level === 'warn' || level === 'debug'
        ? level
        : 'info';
    logger[lvl](rest, typeof msg === 'string' ? msg : '');
  };
}

export const silentLogger: LogFn = () => undefined;

/**
 * An error as it may be logged: its class, code (a PostgreSQL SQLSTATE or a
 * Node code) and stack frames, never its message or its cause's message.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { errorClass: typeof err };
  const cause = err.cause as { code?: unknown; constructor?: { name?: string } } | undefined;
  const code = (err as { code?: unknown }).code ?? cause?.code;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .map((l) => l.trim())
    .slice(0, 15);
  return {
    errorClass: err.constructor.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(cause?.constructor?.name ? { causeClass: cause.constructor.name } : {}),
    stack: frames,
  };
}

/** Path segments after which the next segment is a secret (invitation, reset, set-up links). */
const TOKEN_BEFORE =
  /^(invitation|invitations|reset|password-reset|reset-password|set-up|setup|verify|token|tokens|magic)$/i;
/** Segments that name an action, not a token, after those words. */
const NOT_TOKEN = new Set(['accept', 'request', 'confirm', 'complete', 'new']);
/** A long run of token alphabet that is not a UUID: treated as a secret wherever it is. */
const LOOKS_LIKE_TOKEN = /^[A-Za-z0-9_~.%-]{20,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request path with any token replaced by `:token`, and cut to a sane length. */
export function redactPath(path: string): string {
  const parts = path.slice(0, 300).split('/');
  return parts
    .map((seg, i) => {
      if (!seg) return seg;
      const prev = parts[i - 1] ?? '';
      if (TOKEN_BEFORE.test(prev) && !NOT_TOKEN.has(seg.toLowerCase())) return ':token';
      if (LOOKS_LIKE_TOKEN.test(seg) && !UUID.test(seg) && !/\.[a-z0-9]{1,8}$/i.test(seg))
        return ':token';
      return seg;
    })
    .join('/');
}

/** A request id a proxy may pass on: short, and only characters safe in a log and a header. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request id: the trusted proxy's `X-Request-Id` when one is configured
 * (so one id follows a request through the proxy's logs and ours) and it is
 * well-formed; otherwise a new UUID.
 */
export function requestIdFor(c: Context, trustProxy: boolean): string {
  const given = trustProxy ? c.req.header('x-request-id') : undefined;
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

export function requestLogger(
  log: LogFn,
  trustProxy = false,
): MiddlewareHandler<{ Variables: { userId?: string; requestId: string } }> {
  return async (c, next) => {
    const start = performance.now();
    const requestId = requestIdFor(c, trustProxy);
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    log({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      path: redactPath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      userId: c.get('userId'),
    });
  };
}
