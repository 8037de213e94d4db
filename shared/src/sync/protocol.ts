/**
 * The sync protocol between a device and the server. Written up in
 * docs/sync-protocol.md; this file is the contract both sides compile against.
 *
 * Invariants:
 * - Every mutation has a client-generated `mutationId`. The server applies a
 *   mutation id at most once and answers a retry with the first result.
 * - `baseVersion` is the record version the device last saw (0 for "never
 *   seen"). Versions are values of one server-side sequence: they only go up
 *   and never depend on any clock.
 * - Merge is per field. A field changed on the server after `baseVersion` and
 *   holding a different value is a conflict: it is not written, and the
 *   server's value comes back so the device can show both.
 *
 * @example
 *   const push: PushRequest = { mutations: [{
 *     mutationId: crypto.randomUUID(), returnId, kind: 'standard', standard: 3,
 *     baseVersion: 12, changes: { gaps: 'No deputy lead on Saturdays' } }] };
 */
import { z } from 'zod';
import { LIMITS } from '../limits';
import {
  ActionFieldsSchema,
  CheckIdSchema,
  CheckResponseSchema,
  IdSchema,
  SignOffInputSchema,
  StandardFieldsSchema,
  StandardNumberSchema,
  ReturnSchema,
  SeqNumberSchema,
  ActionSchema,
  StandardResponseSchema,
  ModerationSchema,
  DateOnlySchema,
} from '../schemas/entities';
import { SectorSchema, SubTypeSchema } from '../sectors';

const VersionSchema = SeqNumberSchema;

/** A partial update of a standard's fields; `checks` merges per check id. */
export const StandardPatchSchema = StandardFieldsSchema.omit({ checks: true })
  .partial()
  .extend({ checks: z.record(CheckIdSchema, CheckResponseSchema).optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'A change must set at least one field' });
export type StandardPatch = z.infer<typeof StandardPatchSchema>;

export const ActionPatchSchema = ActionFieldsSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'A change must set at least one field' });
export type ActionPatch = z.infer<typeof ActionPatchSchema>;

const MutationBase = {
  mutationId: IdSchema,
  returnId: IdSchema,
  /**
   * The device that made the edit (a UUID it keeps). A device's newer edit to
   * a field never conflicts with its own earlier one; without it, every
   * change since baseVersion counts as someone else's.
   */
  deviceId: IdSchema.optional(),
};

export const MutationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...MutationBase,
    kind: z.literal('standard'),
    standard: StandardNumberSchema,
    baseVersion: VersionSchema,
    changes: StandardPatchSchema,
  }),
  z.strictObject({
    ...MutationBase,
    kind: z.literal('action'),
    actionId: IdSchema,
    /** 0 creates the action; creating needs every field. */
    baseVersion: VersionSchema,
    changes: ActionPatchSchema,
  }),
  z.strictObject({
    ...MutationBase,
    kind: z.literal('action_delete'),
    actionId: IdSchema,
    baseVersion: VersionSchema,
  }),
  z.strictObject({
    ...MutationBase,
    kind: z.literal('submit'),
    signOff: SignOffInputSchema,
  }),
]);
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationKind = Mutation['kind'];

/**
 * A push batch. Items are validated one by one on the server, so the batch
 * itself only checks the envelope: one malformed item is rejected alone.
 */
export const PushRequestSchema = z.strictObject({
  mutations: z.array(z.unknown()).min(1).max(LIMITS.pushBatch),
});
export type PushRequest = { mutations: Mutation[] };
/** The batch as a caller must send it (the OpenAPI document's request body). */
export const PushRequestDocSchema = z.strictObject({
  mutations: z.array(MutationSchema).min(1).max(LIMITS.pushBatch),
});

export const FieldErrorSchema = z.strictObject({
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, with a field-level list. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(FieldErrorSchema).optional(),
  /** On a 401: the session has passed the password; the second factor is still to set up or enter. */
  secondFactor: z.enum(['setup', 'verify']).optional(),
  /** The request's id (also the X-Request-Id header), to quote when reporting a fault. */
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const FieldConflictSchema = z.strictObject({
  /** `currentPractice`, `rag`, `checks.l3-lead`, `what`... */
  field: z.string(),
  serverValue: z.unknown(),
  yourValue: z.unknown(),
});
export type FieldConflict = z.infer<typeof FieldConflictSchema>;

export const PushItemResultSchema = z.discriminatedUnion('status', [
  z.strictObject({
    mutationId: z.string(),
    status: z.literal('applied'),
    /** The record's version after this mutation. */
    version: VersionSchema,
  }),
  z.strictObject({
    mutationId: z.string(),
    status: z.literal('conflict'),
    version: VersionSchema,
    /** Fields of the mutation that were written (they did not conflict). */
    applied: z.array(z.string()),
    conflicts: z.array(FieldConflictSchema),
  }),
  z.strictObject({
    mutationId: z.string(),
    status: z.literal('rejected'),
    problem: ProblemSchema,
  }),
]);
export type PushItemResult = z.infer<typeof PushItemResultSchema>;

export const PushResponseSchema = z.strictObject({
  results: z.array(PushItemResultSchema),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** Cursor: the last server sequence value the device has seen, as a decimal string. */
export const CursorSchema = z
  .string()
  .regex(/^\d{1,16}$/, { message: 'Cursor must be a number' })
  .refine((v) => Number(v) <= Number.MAX_SAFE_INTEGER, {
    message: 'Cursor is past any change this server has made',
  });

/**
 * A return as pull brings it: with everything the tablet shows about it, so
 * pull alone fills the device's returns (a newly invited return, a status
 * changed by the partnership). Its cycle and organisation are as of the
 * return's last change.
 */
export const PulledReturnSchema = ReturnSchema.extend({
  /** The partnership's message when it returned the return for changes ('' otherwise). */
  statusMessage: z.string().max(LIMITS.note),
  cycle: z.strictObject({
    id: IdSchema,
    name: z.string().max(LIMITS.name),
    opensOn: DateOnlySchema,
    dueOn: DateOnlySchema,
    partnershipId: IdSchema,
  }),
  organisation: z.strictObject({
    id: IdSchema,
    name: z.string().max(LIMITS.name),
    sector: SectorSchema,
    subType: SubTypeSchema.nullable(),
  }),
});
export type PulledReturn = z.infer<typeof PulledReturnSchema>;

export const ChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('return'), seq: VersionSchema, record: PulledReturnSchema }),
  z.strictObject({
    kind: z.literal('standard'),
    seq: VersionSchema,
    record: StandardResponseSchema,
  }),
  z.strictObject({ kind: z.literal('action'), seq: VersionSchema, record: ActionSchema }),
  z.strictObject({ kind: z.literal('moderation'), seq: VersionSchema, record: ModerationSchema }),
]);
export type Change = z.infer<typeof ChangeSchema>;

export const PullResponseSchema = z.strictObject({
  changes: z.array(ChangeSchema),
  cursor: CursorSchema,
  /** More changes are waiting: pull again with the new cursor. */
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;
