/**
 * The mail worker: runs in every server process (smtp mode only), takes due
 * messages from mail_outbox and hands them to the relay.
 *
 * - Claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` subquery, so two
 *   instances on one PostgreSQL never take the same row; a claimed row is
 *   leased (`sending`, next attempt pushed LEASE_MS ahead), so a row whose
 *   instance died mid-send is taken again once the lease runs out. Delivery is
 *   therefore at least once: a crash between the relay's "250 OK" and the
 *   UPDATE that records it sends that message again.
 * - A failure is retried with exponential back-off (baseDelayMs doubling, up
 *   to maxDelayMs) until maxAttempts, then the row is `failed`.
 * - Once sent or failed, the body (which may hold a link with a token) is
 *   emptied. Logs carry the row id, kind, attempt and a short reason: never
 *   the address, the subject or the body.
 */
import { and, eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../db/client';
import { mailOutbox } from '../db/schema';
import type { LogFn } from '../http/logger';

/** What the worker needs of a relay: nodemailer's transport has this shape. */
export interface SmtpTransport {
  sendMail(m: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
  close?(): void;
}

/** A nodemailer SMTP transport for SMTP_URL, with timeouts short enough for a worker. */
export function smtpTransport(url: string): SmtpTransport {
  return nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

export interface WorkerOptions {
  from: string;
  log: LogFn;
  now?: () => Date;
  /** Attempts before a message is `failed`. */
  maxAttempts?: number;
  /** Delay after the first failure; doubles after each one. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often the worker looks for due mail when nobody wakes it. */
  pollMs?: number;
  /** Messages claimed at a time. */
  batchSize?: number;
}

export const MAIL_DEFAULTS = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  pollMs: 5_000,
  batchSize: 10,
} as const;

/** How long a claimed row stays with its instance before another may take it. */
const LEASE_MS = 5 * 60_000;

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/** A short reason for a failure: the SMTP code or the connection error, never the relay's text. */
export function failureReason(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (responseCode !== undefined && responseCode >= 500)
    return `Relay refused it (${String(responseCode)})`;
  if (responseCode !== undefined) return `Relay deferred it (${String(responseCode)})`;
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'ETIMEDOUT' || code === 'EDNS')
    return `Relay unreachable (${code})`;
  if (code === 'EAUTH') return 'Relay refused the sign-in (EAUTH)';
  return code ? `Sending failed (${code.slice(0, 40)})` : 'Sending failed';
}

export class MailWorker {
  private readonly opts: Required<Omit<WorkerOptions, 'now'>> & { now: () => Date };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly transport: SmtpTransport,
    options: WorkerOptions,
  ) {
    this.opts = { ...MAIL_DEFAULTS, now: () => new Date(), ...options };
  }

  /** Claims up to batchSize due messages and tries each once. Returns how many it tried. */
  async runOnce(): Promise<number> {
    const now = this.opts.now();
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const claimed = await this.db
      .update(mailOutbox)
      .set({
        status: 'sending',
        attempts: sql`${mailOutbox.attempts} + 1`,
        lastAttemptAt: now,
        nextAttemptAt: leaseUntil,
      })
      .where(
        sql`${mailOutbox.id} in (select id from mail_outbox
          where status in ('queued', 'sending') and next_attempt_at <= ${now.toISOString()}
          order by next_attempt_at limit ${this.opts.batchSize}
          for update skip locked)`,
      )
      .returning();
    for (const row of claimed) {
      try {
        await this.transport.sendMail({
          from: this.opts.from,
          to: row.to,
          subject: row.subject,
          text: row.body,
        });
        await this.settle(row.id, {
          status: 'sent',
          sentAt: this.opts.now(),
          body: '',
          lastError: '',
        });
        this.opts.log({ level: 'info', msg: 'mail sent', mailId: row.id, kind: row.kind });
      } catch (err) {
        const reason = failureReason(err);
        const gaveUp = row.attempts >= this.opts.maxAttempts;
        const delay = backoffMs(row.attempts, this.opts.baseDelayMs, this.opts.maxDelayMs);
        await this.settle(
          row.id,
          gaveUp
            ? { status: 'failed', body: '', lastError: reason }
            : {
                status: 'queued',
                lastError: reason,
                nextAttemptAt: new Date(this.opts.now().getTime() + delay),
              },
        );
        this.opts.log({
          level: gaveUp ? 'error' : 'warn',
          msg: gaveUp ? 'mail failed: giving up' : 'mail not sent: will retry',
          mailId: row.id,
          kind: row.kind,
          attempt: row.attempts,
          reason,
          ...(gaveUp ? {} : { retryInMs: delay }),
        });
      }
    }
    return claimed.length;
  }

  /** Records the outcome, only while this worker still holds the row. */
  private async settle(id: string, values: Partial<typeof mailOutbox.$inferInsert>) {
    await this.db
      .update(mailOutbox)
      .set(values)
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'sending')));
  }

  /** Runs batches until nothing is due (or the worker stops). */
  private async drainDue(): Promise<void> {
    do {
      this.again = false;
      let n = this.opts.batchSize;
      while (n === this.opts.batchSize && !this.stopped) n = await this.runOnce();
    } while (this.again && !this.stopped);
  }

  /** Looks for due mail now (after an enqueue), or soon if a run is under way. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainDue()
      .catch((err: unknown) => {
        // The database may be briefly unreachable: the next poll tries again.
        this.opts.log({
          level: 'warn',
          msg: 'mail worker: run failed',
          error: (err as { code?: string }).code ?? (err as Error).name,
        });
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.opts.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops polling and waits for the message being sent, if any (for the SIGTERM drain). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport.close?.();
  }
}
