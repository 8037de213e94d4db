/**
 * Invitations: a manager's side under `/api/partnerships/{pid}/invitations`
 * (send, list, revoke, re-send) and the invitee's under
 * `/api/auth/invitations` (read the link, set up an account, or accept while
 * signed in). The web's forms validate with the same schemas.
 */
import { z } from 'zod';
import { LIMITS } from '../limits';
import { MailDeliverySchema } from '../schemas/mail';
import {
  EmailSchema,
  IdSchema,
  ORGANISATION_ROLES,
  OrganisationSchema,
  PARTNERSHIP_ROLES,
  RoleSchema,
  UserSchema,
  text,
} from '../schemas/entities';
import { LinkTokenSchema, NewPasswordSchema } from './password';

export const INVITATION_LABELS = {
  email: 'Email address',
  name: 'Full name',
  role: 'Role',
  organisationId: 'Organisation',
  password: 'Create a password',
} as const;

export const InvitationInputSchema = z
  .strictObject({
    email: EmailSchema,
    name: text(LIMITS.name).default(''),
    role: z.enum([...ORGANISATION_ROLES, ...PARTNERSHIP_ROLES]),
    organisationId: IdSchema.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    const orgRole = (ORGANISATION_ROLES as readonly string[]).includes(v.role);
    if (orgRole && !v.organisationId)
      ctx.addIssue({
        code: 'custom',
        path: ['organisationId'],
        message: 'Choose the organisation this person works for',
      });
    if (!orgRole && v.organisationId)
      ctx.addIssue({
        code: 'custom',
        path: ['organisationId'],
        message: 'Partnership roles are not tied to an organisation',
      });
  });
export type InvitationInput = z.input<typeof InvitationInputSchema>;

/** Set up a new account from an invitation. */
export const AcceptInvitationSchema = z.strictObject({
  token: LinkTokenSchema,
  name: text(LIMITS.name).min(1, { message: 'Enter your name' }),
  password: NewPasswordSchema,
});
export type AcceptInvitation = z.input<typeof AcceptInvitationSchema>;

/** Accept as the signed-in person the invitation was sent to. */
export const ClaimInvitationSchema = z.strictObject({ token: LinkTokenSchema });

export const INVITATION_STATES = ['pending', 'accepted', 'expired', 'revoked', 'replaced'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];
export const InvitationStateSchema = z.enum(INVITATION_STATES);

/**
 * What the manager is told about the email: with mail disabled, none goes,
 * and the answer carries the link for the manager to pass on privately.
 */
const DeliveryAnswerSchema = z.discriminatedUnion('mailDisabled', [
  z.strictObject({ delivery: MailDeliverySchema, mailDisabled: z.literal(false) }),
  z.strictObject({
    delivery: MailDeliverySchema,
    mailDisabled: z.literal(true),
    link: z.string(),
    message: z.string(),
  }),
]);

/** Who is invited: a user's email and name, and the role offered. */
const InviteeSchema = UserSchema.pick({ email: true, name: true }).extend({ role: RoleSchema });
const OrganisationNameSchema = OrganisationSchema.shape.name.nullable();

export const InvitationSentSchema = InviteeSchema.omit({ name: true })
  .extend({ id: IdSchema, existingAccount: z.boolean(), expiresAt: z.iso.datetime() })
  .and(DeliveryAnswerSchema);

export const InvitationResentSchema = z
  .strictObject({ id: IdSchema, state: z.literal('pending'), expiresAt: z.iso.datetime() })
  .and(DeliveryAnswerSchema);

export const InvitationRevokedSchema = z.strictObject({
  id: IdSchema,
  state: z.literal('revoked'),
});

/** An invitation in the manager's list. */
export const InvitationSchema = InviteeSchema.extend({
  id: IdSchema,
  organisationId: IdSchema.nullable(),
  organisationName: OrganisationNameSchema,
  existingAccount: z.boolean(),
  state: InvitationStateSchema,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  /** The newest email's delivery (a resend replaces it). */
  delivery: MailDeliverySchema,
});
export type InvitationBody = z.infer<typeof InvitationSchema>;

export const InvitationListSchema = z.strictObject({
  /** True when this server sends no email (MAIL_DISABLED): links are passed on by hand. */
  mailDisabled: z.boolean(),
  invitations: z.array(InvitationSchema),
});

/** An open invitation, as its link's holder sees it. */
export const InvitationLinkSchema = InviteeSchema.extend({
  partnershipName: z.string(),
  organisationName: OrganisationNameSchema,
  /** Tells the page to ask for a sign-in rather than a new password. */
  accountExists: z.boolean(),
  expiresAt: z.iso.datetime(),
});
export type InvitationLink = z.infer<typeof InvitationLinkSchema>;

export const InvitationAcceptedSchema = z.strictObject({ ok: z.literal(true) });
export const InvitationClaimedSchema = z.strictObject({ ok: z.literal(true), role: RoleSchema });
