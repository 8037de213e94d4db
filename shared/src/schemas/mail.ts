/**
 * What a manager is told about an email the service sent (an invitation, a
 * reminder): the state of its delivery, never its content. Read from the
 * mail outbox (server/src/mail/outbox.ts).
 *
 * - queued: waiting for the relay (first try or a retry after a failure);
 * - sent: the relay accepted it (or, outside production with no relay, it is
 *   in the development mailbox);
 * - failed: given up after the last attempt;
 * - disabled: no email is sent (MAIL_DISABLED=true, or a link handed over in
 *   person, such as the first manager's from `pnpm admin`).
 */
import { z } from 'zod';

export const MAIL_DELIVERY_STATES = ['queued', 'sent', 'failed', 'disabled'] as const;
export type MailDeliveryState = (typeof MAIL_DELIVERY_STATES)[number];

export const MailDeliverySchema = z.strictObject({
  state: z.enum(MAIL_DELIVERY_STATES),
  /** Attempts made to hand it to the relay so far. */
  attempts: z.number().int().min(0),
  /** ISO time of the last attempt; null before the first. */
  lastAttemptAt: z.string().nullable(),
  /** A short reason for the last failure (e.g. "Relay refused it (550)"), never content. */
  error: z.string().max(200).optional(),
});
export type MailDelivery = z.infer<typeof MailDeliverySchema>;
