/**
 * The audit log (`/api/partnerships/{pid}/audit`, `.../audit/export.csv`,
 * server/src/routes/people.ts): the actions it records and their names, its
 * filters, and a page of entries. The server validates with these; the
 * console builds its filters and labels from them.
 */
import { z } from 'zod';
import { IdSchema } from '../schemas/entities';

/** Every action the audit log records (server/src/audit.ts writes them). */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'access_refused',
  'invitation_sent',
  'invitation_accepted',
  'invitation_revoked',
  'invitation_resent',
  'password_reset_requested',
  'password_reset',
  'password_changed',
  'role_changed',
  'user_disabled',
  'user_enabled',
  'organisation_created',
  'organisation_updated',
  'cycle_opened',
  'organisation_invited',
  'return_changed',
  'return_carried_forward',
  'return_submitted',
  'return_status_changed',
  'moderation_recorded',
  'reminder_sent',
  'export',
  'second_factor_enrolled',
  'second_factor_passed',
  'second_factor_failed',
  'second_factor_removed',
  'recovery_codes_replaced',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Plain-English names for the audit log screen and its CSV export. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in refused',
  sign_out: 'Signed out',
  access_refused: 'Access refused',
  invitation_sent: 'Invitation sent',
  invitation_accepted: 'Invitation accepted',
  invitation_revoked: 'Invitation revoked',
  invitation_resent: 'Invitation sent again',
  password_reset_requested: 'Password reset asked for',
  password_reset: 'Password reset',
  password_changed: 'Password changed',
  role_changed: 'Role changed',
  user_disabled: 'Account disabled',
  user_enabled: 'Account re-enabled',
  organisation_created: 'Organisation added',
  organisation_updated: 'Organisation changed',
  cycle_opened: 'Cycle opened',
  organisation_invited: 'Organisation invited to a cycle',
  return_changed: 'Return changed',
  return_carried_forward: 'Return carried forward',
  return_submitted: 'Return sent',
  return_status_changed: 'Return status changed',
  moderation_recorded: 'Moderation recorded',
  reminder_sent: 'Reminder sent',
  export: 'Export downloaded',
  second_factor_enrolled: 'Second factor set up',
  second_factor_passed: 'Second factor passed',
  second_factor_failed: 'Second factor refused',
  second_factor_removed: 'Second factor removed',
  recovery_codes_replaced: 'Recovery codes replaced',
};

/** An empty query parameter (an empty filter box) means "no filter". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit log's filters and page (query parameters, so strings coerced).
 * Dates are days in UK time, both ends included. `before` is the id of the
 * last entry of the previous page (newest first).
 */
export const AuditQuerySchema = z
  .strictObject({
    action: optional(z.enum(AUDIT_ACTIONS, { error: 'Choose an action from the list' })),
    actor: optional(
      z
        .string()
        .trim()
        .max(254, { error: 'Enter 254 characters or fewer' })
        // eslint-disable-next-line no-control-regex
        .regex(/^[^\u0000-\u001F\u007F]*$/, { error: 'Enter an email address or part of one' }),
    ),
    from: optional(z.iso.date({ error: 'Enter a real date' })),
    to: optional(z.iso.date({ error: 'Enter a real date' })),
    before: optional(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
    limit: optional(z.coerce.number().int().min(1).max(500)),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from > v.to)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'The end date must be the same as or after the start date',
      });
  });
export type AuditQuery = z.output<typeof AuditQuerySchema>;

/** One entry of the audit log, as the log screen and its CSV show it. */
export const AuditEntrySchema = z.strictObject({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorEmail: z.string(),
  /** One of AUDIT_ACTIONS (the column is text: rows of an older release keep theirs). */
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  organisationId: IdSchema.nullable(),
  organisationName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  ip: z.string(),
});
export type AuditEntryBody = z.infer<typeof AuditEntrySchema>;

/** A page of the filtered log, newest first. */
export const AuditPageSchema = z.strictObject({
  entries: z.array(AuditEntrySchema),
  /** How many entries match the filters, on every page. */
  total: z.number().int(),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPageBody = z.infer<typeof AuditPageSchema>;
