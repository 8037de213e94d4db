/**
 * The development mailbox (`/api/partnerships/{pid}/mailbox`, outside
 * production only): the email that would have been sent, newest first, for a
 * partnership's managers to follow links from on a machine with no relay
 * (server/src/mail/outbox.ts delivers into it).
 */
import { z } from 'zod';
import { IdSchema } from '../schemas/entities';

export const MailboxEntrySchema = z.strictObject({
  id: IdSchema,
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});
export type MailboxEntry = z.infer<typeof MailboxEntrySchema>;

/** The newest 200. */
export const MailboxSchema = z.strictObject({ mail: z.array(MailboxEntrySchema) });
