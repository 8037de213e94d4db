/**
 * Returns: an organisation's own (`/api/returns/mine`), a cycle's tracker
 * (`/api/cycles/{id}/returns`), one whole return, starting from last cycle's,
 * and what the partnership does with it (status changes, moderation). The
 * answers are edited offline through sync (protocol.ts), not here.
 */
import { z } from 'zod';
import type { ReturnCompleteness } from '../completeness';
import { LIMITS } from '../limits';
import {
  ActionSchema,
  ModerationSchema,
  OrganisationSchema,
  ReturnSchema,
  StandardNumberSchema,
  StandardResponseSchema,
  multilineText,
} from '../schemas/entities';
import { PulledReturnSchema } from '../sync/protocol';

/** The signed-in person's organisations' returns, newest cycle first (as pull brings them). */
export const MyReturnsSchema = z.strictObject({ returns: z.array(PulledReturnSchema) });

/** A return in a cycle's tracker: its organisation, form and status. */
export const TrackedReturnSchema = ReturnSchema.pick({
  id: true,
  organisationId: true,
  variant: true,
  status: true,
}).extend({
  organisationName: OrganisationSchema.shape.name,
  sector: OrganisationSchema.shape.sector,
  subType: OrganisationSchema.shape.subType,
  contactName: OrganisationSchema.shape.contactName,
  contactEmail: OrganisationSchema.shape.contactEmail,
  updatedAt: z.iso.datetime(),
  /** Standards marked completed (0 to 8): the tracker's progress. */
  completedStandards: z.number().int().min(0).max(8),
  /** When a reminder about this return was last queued; null if never. */
  lastRemindedAt: z.iso.datetime().nullable(),
});
export type TrackedReturn = z.infer<typeof TrackedReturnSchema>;

export const CycleReturnsSchema = z.strictObject({ returns: z.array(TrackedReturnSchema) });

const MissingItemSchema = z.strictObject({ field: z.string(), message: z.string() });

/** What is left to do, standard by standard (shared/src/completeness.ts). */
export const ReturnCompletenessSchema: z.ZodType<ReturnCompleteness> = z.strictObject({
  complete: z.boolean(),
  standards: z.array(
    z.strictObject({
      standard: StandardNumberSchema,
      status: z.enum(['not_started', 'in_progress', 'completed']),
      missing: z.array(z.string()),
      items: z.array(MissingItemSchema),
    }),
  ),
  completedCount: z.number().int().min(0).max(8),
});

/** The whole return, as the organisation and the partnership both read it. */
export const FullReturnSchema = z.strictObject({
  return: ReturnSchema,
  statusMessage: PulledReturnSchema.shape.statusMessage,
  updatedAt: z.iso.datetime(),
  cycle: PulledReturnSchema.shape.cycle.nullable(),
  organisation: PulledReturnSchema.shape.organisation.nullable(),
  standards: z.array(StandardResponseSchema),
  actions: z.array(ActionSchema),
  moderations: z.array(ModerationSchema),
  completeness: ReturnCompletenessSchema,
});
export type FullReturn = z.infer<typeof FullReturnSchema>;

/** The partnership returns a submitted return for changes (with a message), or accepts it. */
export const StatusChangeSchema = z.strictObject({
  status: z.enum(['returned_for_changes', 'accepted']),
  message: multilineText(LIMITS.note).default(''),
});
export type StatusChange = z.input<typeof StatusChangeSchema>;
