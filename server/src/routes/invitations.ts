/**
 * Invitations: a manager's side (send, list, revoke, re-send) under
 * /api/partnerships/:pid/invitations, and the invitee's side (read the link,
 * set up a new account, or accept while signed in) under /api/auth/invitations.
 * The rules live in auth/invitations.ts.
 */
import { and, desc, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  AcceptInvitationSchema,
  ClaimInvitationSchema,
  IdSchema,
  InvitationAcceptedSchema,
  InvitationClaimedSchema,
  InvitationInputSchema,
  InvitationLinkSchema,
  InvitationListSchema,
  InvitationResentSchema,
  InvitationRevokedSchema,
  InvitationSentSchema,
  ROLE_LABELS,
  type InvitationBody,
  type MailDelivery,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import { requirePartnership, requirePrincipal } from '../auth/access';
import {
  INVITATION_DAYS,
  acceptAsNewAccount,
  acceptAsSignedIn,
  accountExists,
  createInvitation,
  findPendingInvitation,
  invitationState,
  renewInvitation,
  revokeInvitation,
  type Invitation,
} from '../auth/invitations';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { startSession } from '../auth/sessions';
import { invitations, organisationPartnerships, organisations, partnerships } from '../db/schema';
import type { Db, Tx } from '../db/client';
import { NO_DELIVERY, latestDeliveries } from '../mail/outbox';
import { HttpProblem, notFound, validationProblem } from '../http/problem';
import { publicOrigin } from '../http/public-origin';
import { jsonBody, pathParams } from '../http/validate';
import { INVALID, NOT_ALLOWED, NOT_FOUND, describe, json } from '../http/openapi-route';

const PartnershipParam = z.object({ pid: IdSchema });
const InvitationParam = z.object({ pid: IdSchema, iid: IdSchema });

/** An invitation as the manager's list shows it. */
export function toInvitation(
  row: typeof invitations.$inferSelect,
  organisationName: string | null,
  delivery: MailDelivery,
  now: Date,
): InvitationBody {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    // Checked on the way in (InvitationInputSchema); the column is text.
    role: row.role,
    organisationId: row.organisationId,
    organisationName,
    existingAccount: row.existingAccount,
    state: invitationState(row, now),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    delivery,
  };
}

const gone = () =>
  new HttpProblem(
    404,
    'This invitation link has expired or been used',
    'Ask your partnership manager to send a new one.',
  );

/** Names for the email and the invitation page. */
async function placeNames(db: Db, inv: Pick<Invitation, 'partnershipId' | 'organisationId'>) {
  const [p] = await db.select().from(partnerships).where(eq(partnerships.id, inv.partnershipId));
  const [o] = inv.organisationId
    ? await db.select().from(organisations).where(eq(organisations.id, inv.organisationId))
    : [];
  return { partnershipName: p?.name ?? '', shortName: p?.shortName ?? '', orgName: o?.name ?? '' };
}

/**
 * The email for an invitation ("set up your account", or "you have been given
 * access"), and the link in it (which the manager is given instead when mail
 * is disabled).
 */
export async function invitationMail(
  db: Db | Tx,
  origin: string,
  inv: Invitation,
  token: string,
  inviterName: string,
): Promise<{ subject: string; body: string; link: string }> {
  const names = await placeNames(db, inv);
  const link = `${origin}/invitation/${token}`;
  const role = ROLE_LABELS[inv.role].toLowerCase();
  const where = names.orgName ? ` for ${names.orgName}` : '';
  const who = inviterName || 'Your partnership manager';
  const hello = `Hello${inv.name ? ` ${inv.name}` : ''},`;
  const mail = inv.existingAccount
    ? {
        subject: `You have been given access to the ${names.shortName || 'partnership'} Section 11 audit`,
        body: [
          hello,
          '',
          `${who} has given you access to ${names.partnershipName || 'a partnership'} on S11 Portal as ${role}${where}.`,
          '',
          `You already have an account. Sign in as ${inv.email} and accept here (the link works for ${String(INVITATION_DAYS)} days): ${link}`,
          '',
          'If you did not expect this, you can ignore this email: nothing changes until you accept.',
        ].join('\n'),
      }
    : {
        subject: `You are invited to the ${names.shortName || 'partnership'} Section 11 audit`,
        body: [
          hello,
          '',
          `${who} has invited you to S11 Portal as ${role}${where}.`,
          '',
          `Set up your account here (the link works for ${String(INVITATION_DAYS)} days): ${link}`,
        ].join('\n'),
      };
  return { ...mail, link };
}

/** Queues the invitation's email in `tx` (the transaction that made the token). */
async function queueInvitationMail(
  c: Context<AppEnv>,
  tx: Tx,
  inv: Invitation,
  token: string,
  inviterName: string,
): Promise<string> {
  const { outbox, now } = c.get('deps');
  const mail = await invitationMail(tx, publicOrigin(c), inv, token, inviterName);
  await outbox.enqueue(
    tx,
    {
      kind: 'invitation',
      subjectId: inv.id,
      to: inv.email,
      partnershipId: inv.partnershipId,
      subject: mail.subject,
      body: mail.body,
    },
    now(),
  );
  return mail.link;
}

/**
 * What the manager is told about the email. With mail disabled, no email
 * goes: the answer says so and carries the link for the manager to pass on.
 */
async function deliveryAnswer(c: Context<AppEnv>, invitationId: string, link: string) {
  const { database, outbox } = c.get('deps');
  const delivery =
    (await latestDeliveries(database.db, 'invitation', [invitationId])).get(invitationId) ??
    NO_DELIVERY;
  return outbox.mode === 'disabled'
    ? {
        delivery,
        mailDisabled: true as const,
        link,
        message:
          'No email was sent: this server does not send email. Pass this link to the person yourself, privately.',
      }
    : { delivery, mailDisabled: false as const };
}

/** Checks the organisation belongs to the partnership. */
async function requireOwnOrganisation(db: Db, pid: string, organisationId: string | null) {
  if (!organisationId) return;
  const [link] = await db
    .select()
    .from(organisationPartnerships)
    .where(
      and(
        eq(organisationPartnerships.organisationId, organisationId),
        eq(organisationPartnerships.partnershipId, pid),
      ),
    );
  if (!link)
    throw new HttpProblem(422, 'Some answers need correcting', undefined, [
      { path: 'organisationId', message: 'Not an organisation of this partnership' },
    ]);
}

/** Mounted at /api/partnerships: a manager's invitations. */
export function partnershipInvitationRoutes() {
  return new Hono<AppEnv>()
    .post(
      '/:pid/invitations',
      describe({
        operationId: 'sendInvitation',
        summary: 'Invite a person by email; replaces a pending invitation to them (manager)',
        tags: ['invitations'],
        responses: {
          201: json(
            InvitationSentSchema,
            'Invited; the email is queued (or, with mail off, the link)',
          ),
          403: NOT_ALLOWED,
          422: INVALID,
        },
      }),
      pathParams(PartnershipParam),
      jsonBody(InvitationInputSchema),
      async (c) => {
        const { pid } = c.req.valid('param');
        const manager = await requirePartnership(c, pid, 'manage');
        const input = c.req.valid('json');
        const { database, now, outbox } = c.get('deps');
        await requireOwnOrganisation(database.db, pid, input.organisationId);
        // The invitation and its email commit together: no invitation without
        // its email, and no email for an invitation that was rolled back.
        const { invitation, link } = await database.db.transaction(async (tx) => {
          const created = await createInvitation(
            tx,
            { ...input, partnershipId: pid, invitedBy: manager.userId },
            now(),
          );
          const link = await queueInvitationMail(
            c,
            tx,
            created.invitation,
            created.token,
            manager.name,
          );
          await audit(
            c,
            {
              action: 'invitation_sent',
              entity: 'invitation',
              entityId: created.invitation.id,
              partnershipId: pid,
              organisationId: input.organisationId,
              detail: {
                role: input.role,
                existingAccount: created.invitation.existingAccount,
                replaced: created.replaced,
              },
            },
            tx,
          );
          return { invitation: created.invitation, link };
        });
        outbox.wake();
        return c.json(
          {
            id: invitation.id,
            email: invitation.email,
            role: input.role,
            existingAccount: invitation.existingAccount,
            expiresAt: invitation.expiresAt.toISOString(),
            ...(await deliveryAnswer(c, invitation.id, link)),
          },
          201,
        );
      },
    )
    .get(
      '/:pid/invitations',
      describe({
        operationId: 'listInvitations',
        summary: 'Invitations, their state and the delivery of their email (manager)',
        tags: ['invitations'],
        responses: {
          200: json(InvitationListSchema, 'The newest 500 invitations'),
          403: NOT_ALLOWED,
        },
      }),
      pathParams(PartnershipParam),
      async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        const { database, now, outbox } = c.get('deps');
        const t = now();
        const rows = await database.db
          .select({ i: invitations, orgName: organisations.name })
          .from(invitations)
          .leftJoin(organisations, eq(organisations.id, invitations.organisationId))
          .where(eq(invitations.partnershipId, pid))
          .orderBy(desc(invitations.createdAt))
          .limit(500);
        const deliveries = await latestDeliveries(
          database.db,
          'invitation',
          rows.map((r) => r.i.id),
        );
        return c.json({
          mailDisabled: outbox.mode === 'disabled',
          invitations: rows.map(({ i, orgName }) =>
            toInvitation(i, orgName ?? null, deliveries.get(i.id) ?? NO_DELIVERY, t),
          ),
        });
      },
    )
    .post(
      '/:pid/invitations/:iid/revoke',
      describe({
        operationId: 'revokeInvitation',
        summary: 'Revoke a pending invitation (manager)',
        tags: ['invitations'],
        responses: {
          200: json(InvitationRevokedSchema, 'Revoked: its link no longer works'),
          403: NOT_ALLOWED,
          404: NOT_FOUND,
          409: 'Already accepted or revoked',
        },
      }),
      pathParams(InvitationParam),
      async (c) => {
        const { pid, iid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        const { database, now } = c.get('deps');
        const row = await revokeInvitation(database.db, iid, pid, now());
        if (!row) throw await notPending(database.db, pid, iid);
        await audit(c, {
          action: 'invitation_revoked',
          entity: 'invitation',
          entityId: iid,
          partnershipId: pid,
          organisationId: row.organisationId,
        });
        return c.json({ id: iid, state: 'revoked' as const });
      },
    )
    .post(
      '/:pid/invitations/:iid/resend',
      describe({
        operationId: 'resendInvitation',
        summary: 'Send a pending invitation again with a new link (manager)',
        tags: ['invitations'],
        responses: {
          200: json(InvitationResentSchema, 'Sent again; the old link no longer works'),
          403: NOT_ALLOWED,
          404: NOT_FOUND,
          409: 'Already accepted or revoked',
        },
      }),
      pathParams(InvitationParam),
      async (c) => {
        const { pid, iid } = c.req.valid('param');
        const manager = await requirePartnership(c, pid, 'manage');
        const { database, now, outbox } = c.get('deps');
        const renewed = await database.db.transaction(async (tx) => {
          const r = await renewInvitation(tx, iid, pid, now());
          if (!r) return null;
          const link = await queueInvitationMail(c, tx, r.invitation, r.token, manager.name);
          await audit(
            c,
            {
              action: 'invitation_resent',
              entity: 'invitation',
              entityId: iid,
              partnershipId: pid,
              organisationId: r.invitation.organisationId,
            },
            tx,
          );
          return { ...r, link };
        });
        if (!renewed) throw await notPending(database.db, pid, iid);
        outbox.wake();
        return c.json({
          id: iid,
          state: 'pending' as const,
          expiresAt: renewed.invitation.expiresAt.toISOString(),
          ...(await deliveryAnswer(c, iid, renewed.link)),
        });
      },
    );
}

/** 404 for someone else's (or no) invitation; 409 for one that is accepted or revoked. */
async function notPending(db: Db, pid: string, iid: string): Promise<HttpProblem> {
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.id, iid), eq(invitations.partnershipId, pid)));
  if (!row) return notFound('invitation');
  return new HttpProblem(
    409,
    'This invitation has already been accepted or revoked',
    'Send a new invitation if this person still needs access.',
  );
}

/** Mounted at /api/auth/invitations: the invitee's side. */
export function invitationAcceptRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/:token',
      describe({
        operationId: 'getInvitation',
        summary: 'An open invitation, as the holder of its link sees it',
        tags: ['invitations'],
        public: true,
        responses: {
          200: json(InvitationLinkSchema, 'The invitation'),
          404: 'The link has expired or been used',
        },
      }),
      async (c) => {
        const { database, now } = c.get('deps');
        const inv = await findPendingInvitation(database.db, c.req.param('token'), now());
        if (!inv) throw gone();
        const names = await placeNames(database.db, inv);
        return c.json({
          email: inv.email,
          name: inv.name,
          role: inv.role,
          partnershipName: names.partnershipName,
          organisationName: names.orgName || null,
          // Tells the page to ask for a sign-in rather than a new password. Only
          // the holder of the link (sent to that address) learns this.
          accountExists: await accountExists(database.db, inv.email),
          expiresAt: inv.expiresAt.toISOString(),
        });
      },
    )
    .post(
      '/accept',
      describe({
        operationId: 'acceptInvitation',
        summary: 'Accept an invitation by setting up a new account (signs in)',
        tags: ['invitations'],
        public: true,
        responses: {
          201: json(InvitationAcceptedSchema, 'The account is set up and signed in'),
          404: 'The link has expired or been used',
          409: 'An account with this email exists: sign in and accept instead',
          422: INVALID,
        },
      }),
      jsonBody(AcceptInvitationSchema),
      async (c) => {
        const body = c.req.valid('json');
        const { database, now } = c.get('deps');
        const db = database.db;
        const pending = await findPendingInvitation(db, body.token, now());
        if (!pending) throw gone();
        if (await accountExists(db, pending.email)) throw accountExistsProblem();
        const problem = passwordProblem(body.password, pending.email);
        if (problem) {
          throw validationProblem(
            new z.ZodError([
              { code: 'custom', path: ['password'], message: problem, input: undefined },
            ]),
          );
        }
        const passwordHash = await hashPassword(body.password);
        const result = await acceptAsNewAccount(
          db,
          body.token,
          { name: body.name, passwordHash },
          now(),
        );
        if (result.kind === 'account_exists') throw accountExistsProblem();
        if (result.kind !== 'accepted') throw gone();
        await startSession(c, result.userId);
        await audit(c, {
          action: 'invitation_accepted',
          actorEmail: result.invitation.email,
          actorUserId: result.userId,
          partnershipId: result.invitation.partnershipId,
          organisationId: result.invitation.organisationId,
          entity: 'invitation',
          entityId: result.invitation.id,
          detail: { newAccount: true },
        });
        return c.json({ ok: true as const }, 201);
      },
    )
    .post(
      '/claim',
      describe({
        operationId: 'claimInvitation',
        summary: 'Accept an invitation as the signed-in person it was sent to',
        tags: ['invitations'],
        responses: {
          200: json(InvitationClaimedSchema, 'Accepted: the new role applies now'),
          403: 'The invitation is for a different email address',
          404: 'The link has expired or been used',
          422: INVALID,
        },
      }),
      jsonBody(ClaimInvitationSchema),
      async (c) => {
        const p = requirePrincipal(c);
        const { token } = c.req.valid('json');
        const { database, now } = c.get('deps');
        const result = await acceptAsSignedIn(
          database.db,
          token,
          { id: p.userId, email: p.email },
          now(),
        );
        if (result.kind === 'wrong_account')
          throw new HttpProblem(
            403,
            'This invitation is for a different email address',
            'Sign out, then sign in with the email address the invitation was sent to.',
          );
        if (result.kind !== 'accepted') throw gone();
        await audit(c, {
          action: 'invitation_accepted',
          partnershipId: result.invitation.partnershipId,
          organisationId: result.invitation.organisationId,
          entity: 'invitation',
          entityId: result.invitation.id,
          detail: { newAccount: false, role: result.invitation.role },
        });
        return c.json({ ok: true as const, role: result.invitation.role });
      },
    );
}

const accountExistsProblem = () =>
  new HttpProblem(
    409,
    'You already have an account',
    'Sign in with your existing password to accept this invitation. If you have forgotten it, reset it from the sign-in page.',
  );
