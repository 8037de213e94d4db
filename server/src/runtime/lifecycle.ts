/**
 * Graceful stop for the HTTP server. On SIGTERM:
 *  1. readiness turns false (GET /api/health/ready answers 503) so a load
 *     balancer stops sending new requests; SHUTDOWN_DELAY_SECONDS gives it
 *     time to notice while this instance still serves;
 *  2. the listener closes: new connections are refused, idle keep-alive
 *     connections are closed, and responses still being written carry
 *     `Connection: close`;
 *  3. requests in flight, counted at the socket level so a streamed export
 *     counts until its last byte, finish, up to SHUTDOWN_TIMEOUT_SECONDS;
 *  4. only then is the database closed (closing it first gave "Cannot use a
 *     pool after calling end on the pool" and cut exports short).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { LogFn } from '../http/logger';

export type Phase = 'starting' | 'ready' | 'draining' | 'stopped';

export class Lifecycle {
  phase: Phase = 'starting';
  private inFlight = new Set<ServerResponse>();
  private idleWaiters: (() => void)[] = [];

  get ready(): boolean {
    return this.phase === 'ready';
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Counts each response from its request until it is fully sent or its socket closes. */
  track(server: Server): void {
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.inFlight.add(res);
      if (this.phase === 'draining') res.setHeader('Connection', 'close');
      res.once('close', () => {
        this.inFlight.delete(res);
        if (this.inFlight.size === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    });
  }

  private whenIdle(ms: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Drains `server`, then runs `closeResources` (the database, the metrics
   * listener). Resolves to true when nothing was cut short.
   */
  async drain(
    server: Server,
    opts: { delayMs: number; timeoutMs: number; log: LogFn },
    closeResources: () => Promise<void>,
  ): Promise<boolean> {
    const { log } = opts;
    this.phase = 'draining';
    const deadline = Date.now() + opts.timeoutMs;
    log({ level: 'info', msg: 'shutdown: readiness off', inFlight: this.inFlight.size });
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    if (opts.delayMs > 0) await new Promise((r) => setTimeout(r, opts.delayMs));

    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    log({ level: 'info', msg: 'shutdown: listener closed', inFlight: this.inFlight.size });

    const clean = await this.whenIdle(Math.max(0, deadline - Date.now()));
    if (!clean) {
      log({
        level: 'warn',
        msg: 'shutdown: deadline reached, cutting requests still in flight',
        inFlight: this.inFlight.size,
      });
      server.closeAllConnections();
    }
    // Keep-alive connections whose last response has just finished.
    server.closeIdleConnections();
    await closed;
    await closeResources();
    this.phase = 'stopped';
    log({ level: 'info', msg: 'shutdown: stopped', clean });
    return clean;
  }
}
