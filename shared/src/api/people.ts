/**
 * Managing people (`/api/partnerships/{pid}/users...`, server/src/routes/
 * people.ts): everyone with access to a partnership, a role change, and an
 * organisation's own people (`/api/organisations/{id}/people`). The rules
 * are in server/src/auth/people.ts; the audit log is ./audit.ts.
 */
import { z } from 'zod';
import { IdSchema, RoleSchema, UserSchema } from '../schemas/entities';
import { SecondFactorStatusSchema } from './second-factor';

export const RoleChangeSchema = z.strictObject({ role: RoleSchema });
export type RoleChange = z.infer<typeof RoleChangeSchema>;

/** One place a person has access: a role in the partnership or one of its organisations. */
export const PersonMembershipSchema = z.strictObject({
  id: IdSchema,
  role: RoleSchema,
  scope: z.enum(['partnership', 'organisation']),
  organisationId: IdSchema.nullable(),
  organisationName: z.string().nullable(),
});
export type PersonMembershipBody = z.infer<typeof PersonMembershipSchema>;

/** A person's account as a manager or signatory sees it. */
const AccountSchema = UserSchema.pick({ id: true, name: true, email: true, disabled: true }).extend(
  {
    lastSignInAt: z.iso.datetime().nullable(),
  },
);

/** A person with access to the partnership, as its managers see them. */
export const PersonSchema = AccountSchema.extend({
  secondFactor: SecondFactorStatusSchema.pick({ totp: true, recoveryCodesLeft: true }),
  /** Only the memberships within this partnership (others are not revealed). */
  memberships: z.array(PersonMembershipSchema),
  /**
   * Every membership lies within this partnership, so its managers may
   * disable the account (it reaches nothing of another partnership's).
   */
  manageable: z.boolean(),
  /** The signed-in manager themselves. */
  you: z.boolean(),
});
export type PersonBody = z.infer<typeof PersonSchema>;

export const PeopleSchema = z.strictObject({ people: z.array(PersonSchema) });

/** A person in an organisation, as its signatory sees them (read-only). */
export const OrganisationPersonSchema = AccountSchema.extend({
  secondFactor: SecondFactorStatusSchema.pick({ totp: true }),
  /** Their roles in this organisation. */
  roles: z.array(RoleSchema),
});
export type OrganisationPersonBody = z.infer<typeof OrganisationPersonSchema>;

export const OrganisationPeopleSchema = z.strictObject({
  people: z.array(OrganisationPersonSchema),
});
