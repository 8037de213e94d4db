/**
 * The mail outbox: every email the service sends is a row in mail_outbox,
 * written in the same transaction as what causes it (the invitation, the
 * reset link, the reminder), so either both happen or neither does; the
 * request never waits for a relay. See docs/decisions/011-mail-outbox.md.
 *
 * Three modes, chosen from the configuration (`mailModeFor`):
 * - smtp: the row is queued and the worker (worker.ts) hands it to the relay
 *   named by SMTP_URL, with retries and back-off;
 * - development (no SMTP_URL, never in production): the row is delivered at
 *   once into the development mailbox (the `mailbox` table a manager can read
 *   in the console), in the same transaction: there is no relay to be down;
 * - disabled (MAIL_DISABLED=true): the row records that no email was sent, and
 *   callers say so (an invitation hands the manager the link instead).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { MailDelivery } from '@s11/shared';
import type { Config } from '../config';
import type { Db, Tx } from '../db/client';
import { mailOutbox, mailbox } from '../db/schema';

export type MailMode = 'smtp' | 'development' | 'disabled';
export type MailKind = 'invitation' | 'password_reset' | 'reminder';

export interface OutgoingMail {
  kind: MailKind;
  /** What it is about (an invitation id, a return id), for its delivery state. */
  subjectId: string;
  to: string;
  subject: string;
  body: string;
  partnershipId: string | null;
}

export interface Outbox {
  readonly mode: MailMode;
  /** Writes the mail in the caller's transaction. Returns the row's id. */
  enqueue(tx: Db | Tx, mail: OutgoingMail, now: Date): Promise<string>;
  /** After the transaction commits: ask the worker to look now rather than at its next poll. */
  wake(): void;
  /** The worker's wake-up call (set by MailWorker.start). */
  onWake?: () => void;
}

/** The mode the configuration asks for (production without SMTP_URL is refused by configProblems). */
export function mailModeFor(
  config: Pick<Config, 'SMTP_URL' | 'MAIL_DISABLED' | 'NODE_ENV'>,
): MailMode {
  if (config.MAIL_DISABLED === 'true') return 'disabled';
  if (config.SMTP_URL) return 'smtp';
  return config.NODE_ENV === 'production' ? 'disabled' : 'development';
}

export function createOutbox(mode: MailMode): Outbox {
  const outbox: Outbox = {
    mode,
    async enqueue(tx, mail, now) {
      const id = crypto.randomUUID();
      const base = {
        id,
        partnershipId: mail.partnershipId,
        kind: mail.kind,
        subjectId: mail.subjectId,
        to: mail.to,
        subject: mail.subject,
        createdAt: now,
      };
      if (mode === 'smtp') {
        await tx
          .insert(mailOutbox)
          .values({ ...base, body: mail.body, status: 'queued', nextAttemptAt: now });
      } else if (mode === 'development') {
        // Delivered at once: the development mailbox is the "relay". The body
        // lives in the mailbox table only (never in the outbox, never in a log).
        await tx.insert(mailOutbox).values({
          ...base,
          body: '',
          status: 'sent',
          attempts: 1,
          lastAttemptAt: now,
          sentAt: now,
        });
        await tx.insert(mailbox).values({
          id: crypto.randomUUID(),
          partnershipId: mail.partnershipId,
          to: mail.to,
          subject: mail.subject,
          body: mail.body,
          createdAt: now,
        });
      } else {
        await tx.insert(mailOutbox).values({ ...base, body: '', status: 'disabled' });
      }
      return id;
    },
    wake() {
      outbox.onWake?.();
    },
  };
  return outbox;
}

type OutboxRow = typeof mailOutbox.$inferSelect;

/** A row's delivery, as the manager sees it ("sending" is still queued to them). */
export function deliveryOf(
  row: Pick<OutboxRow, 'status' | 'attempts' | 'lastAttemptAt' | 'lastError'>,
): MailDelivery {
  const state =
    row.status === 'sent' || row.status === 'failed' || row.status === 'disabled'
      ? row.status
      : 'queued';
  return {
    state,
    attempts: row.attempts,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    ...(row.lastError && state !== 'sent' ? { error: row.lastError } : {}),
  };
}

/** No email on record (an invitation from before the outbox, or one never emailed). */
export const NO_DELIVERY: MailDelivery = { state: 'disabled', attempts: 0, lastAttemptAt: null };

/** The newest message's delivery for each subject of one kind. */
export async function latestDeliveries(
  db: Db,
  kind: MailKind,
  subjectIds: string[],
): Promise<Map<string, MailDelivery>> {
  const result = new Map<string, MailDelivery>();
  if (subjectIds.length === 0) return result;
  const rows = await db
    .select({
      subjectId: mailOutbox.subjectId,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastAttemptAt: mailOutbox.lastAttemptAt,
      lastError: mailOutbox.lastError,
    })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.kind, kind), inArray(mailOutbox.subjectId, subjectIds)))
    .orderBy(desc(mailOutbox.createdAt));
  for (const r of rows) if (!result.has(r.subjectId)) result.set(r.subjectId, deliveryOf(r));
  return result;
}
