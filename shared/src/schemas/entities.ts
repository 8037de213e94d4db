/**
 * zod schemas for every entity. Conventions that hold for all of them:
 * - every object is strict (unknown keys are rejected), every enum closed;
 * - every string has a length limit (see LIMITS);
 * - ids are UUIDs; records a device creates get a client-generated UUID and
 *   the key never changes.
 */
import { z } from 'zod';
import { LIMITS } from '../limits';
import { storableText } from './text';
import { RagSchema } from '../rag';
import { SectorSchema, SubTypeSchema, isSubTypeOf } from '../sectors';
import { STANDARD_NUMBERS } from '../standards/catalogue';

export const IdSchema = z.uuid({ message: 'Must be a valid identifier (UUID)' });

/**
 * Trimmed single-line text with a limit (names, job titles); `min` makes it
 * required. Refuses characters that cannot be stored (see ./text.ts).
 */
export function text(max: number, min = 0, empty?: string) {
  return bounded(max, min, empty).check(storableText(false));
}

/** Trimmed multi-line text (answers, notes, comments): keeps line breaks and tabs. */
export function multilineText(max: number, min = 0) {
  return bounded(max, min).check(storableText(true));
}

/** `empty`: what to say when a required value is missing ("Enter your job title"). */
function bounded(max: number, min: number, empty = 'Enter a value') {
  const base = z
    .string()
    .trim()
    .max(max, { message: `Must be ${String(max)} characters or fewer` });
  return min > 0 ? base.min(min, { message: empty }) : base;
}

/** A light-form check id as a record key (the catalogue's ids look like `s3-lead`). */
export const CheckIdSchema = z
  .string()
  .max(40)
  .regex(/^[a-z0-9-]+$/, { message: 'Not a check of this standard' });

/** A calendar date, `YYYY-MM-DD` (no time zone: due dates are days, not instants). */
export const DateOnlySchema = z.iso
  .date({ message: 'Enter a real date, like 2027-03-31' })
  .refine((d) => d >= LIMITS.dates.earliest && d <= LIMITS.dates.latest, {
    message: `Enter a date between ${LIMITS.dates.earliest.slice(0, 4)} and ${LIMITS.dates.latest.slice(0, 4)}`,
  });

/**
 * A record version or sync sequence value: a PostgreSQL bigint read as a
 * JavaScript number, so at most 2^53 - 1 (a larger one would lose precision
 * and, past 2^63 - 1, is refused by the database).
 */
export const SeqNumberSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const StandardNumberSchema = z.union(STANDARD_NUMBERS.map((n) => z.literal(n)));

export const VARIANTS = ['full', 'light'] as const;
export const VariantSchema = z.enum(VARIANTS);
export type Variant = z.infer<typeof VariantSchema>;
/** What each form is called wherever a person reads it (one name for each, issue 15). */
export const VARIANT_LABELS: Record<Variant, string> = {
  full: 'Full form',
  light: 'Light form',
};

// ---------------------------------------------------------------- partnership

export const PartnershipSchema = z.strictObject({
  id: IdSchema,
  name: text(LIMITS.name, 1),
  /** Short name for the header, e.g. "ISCP". */
  shortName: text(40, 1),
});
export type Partnership = z.infer<typeof PartnershipSchema>;

// --------------------------------------------------------------- organisation

export const OrganisationInputSchema = z
  .strictObject({
    name: text(LIMITS.name, 1),
    sector: SectorSchema,
    subType: SubTypeSchema.nullable().default(null),
    usualVariant: VariantSchema,
    contactName: text(LIMITS.name).default(''),
    contactEmail: z
      .union([
        z.literal(''),
        z.email({ message: 'Enter an email address, like name@example.org' }).max(LIMITS.email),
      ])
      .default(''),
  })
  .superRefine((org, ctx) => {
    if (org.subType && !isSubTypeOf(org.sector, org.subType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['subType'],
        message: 'This type does not belong to the chosen sector',
      });
    }
  });
export type OrganisationInput = z.infer<typeof OrganisationInputSchema>;

export const OrganisationSchema = z.strictObject({
  id: IdSchema,
  name: text(LIMITS.name, 1),
  sector: SectorSchema,
  subType: SubTypeSchema.nullable(),
  usualVariant: VariantSchema,
  contactName: text(LIMITS.name),
  contactEmail: z.string().max(LIMITS.email),
  /** An organisation can belong to more than one partnership. */
  partnershipIds: z.array(IdSchema),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

// ---------------------------------------------------------------- users, roles

export const ORGANISATION_ROLES = ['org_editor', 'org_signatory'] as const;
export const PARTNERSHIP_ROLES = ['partnership_manager', 'partnership_viewer'] as const;
export const ROLES = [...ORGANISATION_ROLES, ...PARTNERSHIP_ROLES] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  org_editor: 'Organisation editor',
  org_signatory: 'Organisation signatory',
  partnership_manager: 'Partnership manager',
  partnership_viewer: 'Partnership viewer',
};

export const MembershipSchema = z.discriminatedUnion('scope', [
  z.strictObject({
    scope: z.literal('organisation'),
    role: z.enum(ORGANISATION_ROLES),
    organisationId: IdSchema,
  }),
  z.strictObject({
    scope: z.literal('partnership'),
    role: z.enum(PARTNERSHIP_ROLES),
    partnershipId: IdSchema,
  }),
]);
export type Membership = z.infer<typeof MembershipSchema>;

export const EmailSchema = z
  .email({ message: 'Enter an email address, like name@example.org' })
  .max(LIMITS.email)
  .transform((e) => e.toLowerCase());

export const UserSchema = z.strictObject({
  id: IdSchema,
  email: z.string().max(LIMITS.email),
  name: text(LIMITS.name),
  disabled: z.boolean(),
  memberships: z.array(MembershipSchema),
});
export type User = z.infer<typeof UserSchema>;

// ---------------------------------------------------------------------- cycle

export const CycleInputSchema = z
  .strictObject({
    name: text(LIMITS.name, 1),
    opensOn: DateOnlySchema,
    dueOn: DateOnlySchema,
    /** Organisations invited, each with the form it will use (defaults from the organisation). */
    invitations: z
      .array(z.strictObject({ organisationId: IdSchema, variant: VariantSchema.optional() }))
      .max(5_000)
      .default([]),
  })
  .superRefine((c, ctx) => {
    if (c.dueOn < c.opensOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueOn'],
        message: 'The due date must be on or after the opening date',
      });
    }
  });
export type CycleInput = z.infer<typeof CycleInputSchema>;

export const CycleSchema = z.strictObject({
  id: IdSchema,
  partnershipId: IdSchema,
  name: text(LIMITS.name, 1),
  opensOn: DateOnlySchema,
  dueOn: DateOnlySchema,
  catalogueVersion: z.string().max(20),
});
export type Cycle = z.infer<typeof CycleSchema>;

// --------------------------------------------------------------------- return

export const RETURN_STATUSES = [
  'not_started',
  'in_progress',
  'submitted',
  'returned_for_changes',
  'accepted',
] as const;
export const ReturnStatusSchema = z.enum(RETURN_STATUSES);
export type ReturnStatus = z.infer<typeof ReturnStatusSchema>;

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
  returned_for_changes: 'Returned for changes',
  accepted: 'Accepted',
};

export const SignOffInputSchema = z.strictObject({
  name: text(LIMITS.name, 1, 'Enter your full name'),
  jobTitle: text(LIMITS.jobTitle, 1, 'Enter your job title'),
  declaration: z.literal(true, { message: 'Confirm the declaration to sign off this return' }),
});
export type SignOffInput = z.infer<typeof SignOffInputSchema>;

export const SignOffSchema = z.strictObject({
  name: text(LIMITS.name, 1),
  jobTitle: text(LIMITS.jobTitle, 1),
  declaration: z.literal(true),
  userId: IdSchema,
  /** Server time of sign-off (ISO 8601); the device clock is never trusted for this. */
  signedAt: z.iso.datetime(),
});
export type SignOff = z.infer<typeof SignOffSchema>;

export const ReturnSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  organisationId: IdSchema,
  variant: VariantSchema,
  status: ReturnStatusSchema,
  catalogueVersion: z.string().max(20),
  signOff: SignOffSchema.nullable(),
  /** The return this one was carried forward from, if any. */
  carriedFromId: IdSchema.nullable(),
  version: SeqNumberSchema,
});
export type Return = z.infer<typeof ReturnSchema>;

// ---------------------------------------------------------- standard response

export const CheckAnswerSchema = z.enum(['yes', 'partly', 'no']);
export type CheckAnswer = z.infer<typeof CheckAnswerSchema>;
/** How an answer reads to a person (the radios, check your answers, moderation). */
export const CHECK_ANSWER_LABELS: Record<CheckAnswer, string> = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
};

export const CheckResponseSchema = z.strictObject({
  answer: CheckAnswerSchema.nullable(),
  note: multilineText(LIMITS.note),
});
export type CheckResponse = z.infer<typeof CheckResponseSchema>;

/**
 * The editable fields of one standard in one return. Full returns use the
 * three long answers; light returns use `checks` (keyed by light-check id).
 * `rag` null means "not answered yet"; `not_rated` is a deliberate rating.
 */
export const StandardFieldsSchema = z.strictObject({
  currentPractice: multilineText(LIMITS.longText),
  evidence: multilineText(LIMITS.longText),
  gaps: multilineText(LIMITS.longText),
  checks: z.record(CheckIdSchema, CheckResponseSchema),
  rag: RagSchema.nullable(),
  /** Why the rating differs from the light form's suggestion, or why it is "Not rated". */
  ragReason: multilineText(LIMITS.note),
  /** "Have you completed this section?" */
  completed: z.boolean(),
});
export type StandardFields = z.infer<typeof StandardFieldsSchema>;

export const EMPTY_STANDARD_FIELDS: StandardFields = {
  currentPractice: '',
  evidence: '',
  gaps: '',
  checks: {},
  rag: null,
  ragReason: '',
  completed: false,
};

export const StandardResponseSchema = z.strictObject({
  returnId: IdSchema,
  standard: StandardNumberSchema,
  fields: StandardFieldsSchema,
  version: SeqNumberSchema,
});
export type StandardResponse = z.infer<typeof StandardResponseSchema>;

// --------------------------------------------------------------------- action

export const ACTION_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export const ActionStatusSchema = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatusSchema>;
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
};

export const ActionFieldsSchema = z.strictObject({
  standard: StandardNumberSchema,
  what: multilineText(LIMITS.note),
  owner: text(LIMITS.name),
  dueOn: z.union([z.literal(''), DateOnlySchema]),
  status: ActionStatusSchema,
});
export type ActionFields = z.infer<typeof ActionFieldsSchema>;

export const ActionSchema = z.strictObject({
  id: IdSchema,
  returnId: IdSchema,
  fields: ActionFieldsSchema,
  deleted: z.boolean(),
  version: SeqNumberSchema,
});
export type Action = z.infer<typeof ActionSchema>;

// ----------------------------------------------------------------- moderation

/** The partnership's view of one standard, kept beside the self-rating, never replacing it. */
export const ModerationInputSchema = z.strictObject({
  rag: z.enum(RagSchema.options, { message: 'Choose the partnership’s rating' }),
  comment: multilineText(LIMITS.note),
});
export type ModerationInput = z.infer<typeof ModerationInputSchema>;

export const ModerationSchema = z.strictObject({
  returnId: IdSchema,
  standard: StandardNumberSchema,
  rag: RagSchema,
  comment: multilineText(LIMITS.note),
  moderatedBy: z.string().max(LIMITS.name),
  moderatedAt: z.iso.datetime(),
  version: SeqNumberSchema,
});
export type Moderation = z.infer<typeof ModerationSchema>;
