/**
 * One JSON line per request. Never logs bodies, query strings, cookies or
 * headers: form content and secrets stay out of the logs.
 */
import type { MiddlewareHandler } from 'hono';

export type LogFn = (entry: Record<string, unknown>) => void;

export const jsonLogger =
  (write: (line: string) => void = (l) => process.stdout.write(l + '\n')): LogFn =>
  (entry) =>
    write(JSON.stringify({ time: new Date().toISOString(), ...entry }));

export const silentLogger: LogFn = () => undefined;

export function requestLogger(
  log: LogFn,
): MiddlewareHandler<{ Variables: { userId?: string; requestId: string } }> {
  return async (c, next) => {
    const start = performance.now();
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    log({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      userId: c.get('userId'),
    });
  };
}
