/**
 * Audit cycles: a partnership's list and opening one
 * (`/api/partnerships/{pid}/cycles`), one cycle, inviting more organisations
 * and reminding those that have not submitted (`/api/cycles/{id}/…`). The
 * cycle form validates with `CycleInputSchema` (entities.ts).
 */
import { z } from 'zod';
import { MailDeliverySchema } from '../schemas/mail';
import { CycleInputSchema, CycleSchema, IdSchema, OrganisationSchema } from '../schemas/entities';

export const CycleListSchema = z.strictObject({ cycles: z.array(CycleSchema) });

const Count = z.number().int().nonnegative();

/** A cycle just opened, with how many organisations were invited (returns created). */
export const CycleOpenedSchema = CycleSchema.extend({ invited: Count });

/** Invite more organisations, each with its form (by default the organisation's usual one). */
export const CycleInvitationsSchema = z.strictObject({
  invitations: CycleInputSchema.shape.invitations.unwrap().min(1),
});
export type CycleInvitations = z.input<typeof CycleInvitationsSchema>;

/** Organisations newly invited (one already invited is not counted again). */
export const CycleInvitedSchema = z.strictObject({ invited: Count });

/**
 * What a reminder run did, so "sent to 10 organisations (0 emails)" cannot
 * pass for success: organisations waiting, those reminded, emails queued, and
 * those nobody could be emailed.
 */
export const RemindersSentSchema = z.strictObject({
  organisations: Count,
  reminded: Count,
  emails: Count,
  withoutAddress: z.array(OrganisationSchema.pick({ id: true, name: true })),
  /** No email is sent by this server (MAIL_DISABLED): nothing was queued. */
  mailDisabled: z.boolean(),
});
export type RemindersSent = z.infer<typeof RemindersSentSchema>;

/** One reminder email and its delivery (never its content). */
export const ReminderSchema = z.strictObject({
  id: IdSchema,
  organisationId: IdSchema,
  organisationName: z.string(),
  to: z.string(),
  queuedAt: z.iso.datetime(),
  delivery: MailDeliverySchema,
});
export type Reminder = z.infer<typeof ReminderSchema>;

export const ReminderListSchema = z.strictObject({ reminders: z.array(ReminderSchema) });
