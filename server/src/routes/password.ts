/**
 * Forgotten and changed passwords, under /api/auth/password. The rules live
 * in auth/credentials.ts (links, single use, session revocation) and
 * auth/passwords.ts (what a password may be).
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  ChangePasswordSchema,
  DoneSchema,
  ForgottenPasswordSchema,
  ResetByMailUnavailableSchema,
  ResetLinkSchema,
  ResetLinkSentSchema,
  ResetPasswordSchema,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit, clientIp } from '../audit';
import { requirePrincipal } from '../auth/access';
import {
  RESET_ACCOUNT,
  RESET_ADDRESS,
  RESET_MINUTES,
  changePassword,
  completeReset,
  createReset,
  findReset,
  resetAccountKey,
  resetAddressKey,
} from '../auth/credentials';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import {
  SIGN_IN_ACCOUNT,
  accountKey,
  clear,
  hit,
  refund,
  tooManyRequests,
} from '../auth/rate-limit';
import type { Tx } from '../db/client';
import { memberships, organisationPartnerships, users } from '../db/schema';
import { HttpProblem, validationProblem } from '../http/problem';
import { publicOrigin } from '../http/public-origin';
import { jsonBody } from '../http/validate';
import { INVALID, describe, json } from '../http/openapi-route';

const fieldProblem = (path: string, message: string) =>
  validationProblem(new z.ZodError([{ code: 'custom', path: [path], message, input: undefined }]));

/** The same words whether or not the email has an account. */
const SENT = (email: string): z.infer<typeof ResetLinkSentSchema> => ({
  ok: true as const,
  message: `If ${email} has an account, we have sent it a link to reset the password. The link works for ${String(RESET_MINUTES)} minutes.`,
});

const goneLink = () =>
  new HttpProblem(
    404,
    'This password reset link has expired or been used',
    'Ask for a new link from the sign-in page.',
  );

/** The reset email, queued in `tx` (the transaction that made the link). */
async function queueResetMail(
  c: Context<AppEnv>,
  tx: Tx,
  user: { id: string; email: string; name: string },
  token: string,
) {
  const { outbox, now } = c.get('deps');
  const to = user.email;
  const link = `${publicOrigin(c)}/reset-password/${token}`;
  // Outside production the message lands in the development mailbox, which a
  // manager reads per partnership: file it under one of the person's.
  const partnershipId = outbox.mode === 'development' ? await partnershipOf(tx, user.id) : null;
  await outbox.enqueue(
    tx,
    {
      kind: 'password_reset',
      subjectId: '',
      to,
      partnershipId,
      subject: 'Reset your S11 Portal password',
      body: [
        `Hello${user.name ? ` ${user.name}` : ''},`,
        '',
        `Someone (we hope you) asked to reset the password for ${to} on S11 Portal.`,
        '',
        `Choose a new password here (the link works once, for ${String(RESET_MINUTES)} minutes): ${link}`,
        '',
        'If it was not you, ignore this email: your password has not changed.',
      ].join('\n'),
    },
    now(),
  );
}

/** A partnership the person belongs to, directly or through an organisation. */
async function partnershipOf(tx: Tx, userId: string): Promise<string | null> {
  const [m] = await tx
    .select({
      direct: memberships.partnershipId,
      viaOrg: organisationPartnerships.partnershipId,
    })
    .from(memberships)
    .leftJoin(
      organisationPartnerships,
      eq(organisationPartnerships.organisationId, memberships.organisationId),
    )
    .where(eq(memberships.userId, userId))
    .limit(1);
  return m?.direct ?? m?.viaOrg ?? null;
}

/** Said instead of "we have sent you a link" when this server sends no email. */
export const RESET_BY_MAIL_UNAVAILABLE: z.infer<typeof ResetByMailUnavailableSchema> = {
  ok: false as const,
  mailDisabled: true as const,
  message:
    'This service does not send email, so it cannot send you a link to reset your password. Contact your safeguarding partnership: the person who runs S11 Portal for it can help you get back in.',
};

export function passwordRoutes() {
  return new Hono<AppEnv>()
    .post(
      '/forgotten',
      describe({
        operationId: 'requestPasswordReset',
        summary: 'Email a reset link (the same answer whether or not the account exists)',
        tags: ['password'],
        public: true,
        responses: {
          200: json(ResetByMailUnavailableSchema, 'This server sends no email: no link was made'),
          202: json(ResetLinkSentSchema, 'A link is sent if the account exists'),
          422: INVALID,
          429: 'Too many requests from this address (Retry-After)',
        },
      }),
      jsonBody(ForgottenPasswordSchema),
      async (c) => {
        const { email } = c.req.valid('json');
        const { database, now, outbox } = c.get('deps');
        // Said plainly, whoever asks: no link is made, since none could be delivered.
        if (outbox.mode === 'disabled') return c.json(RESET_BY_MAIL_UNAVAILABLE);
        const db = database.db;
        const t = now();
        // Each request is counted before anything else, in one statement per
        // key (auth/rate-limit.ts), so a parallel burst cannot slip past.
        // Per address: refused openly (it says nothing about any account).
        const address = await hit(db, resetAddressKey(clientIp(c)), RESET_ADDRESS, t);
        if (!address.allowed) throw tooManyRequests(address.retryAfterSeconds, 'Too many requests');
        // Per account: quietly no more mail, with the same answer, so the
        // limit does not reveal whether the account exists.
        const account = await hit(db, resetAccountKey(email), RESET_ACCOUNT, t);
        if (account.allowed) {
          // The link and its email commit together.
          const reset = await db.transaction(async (tx) => {
            const r = await createReset(tx, email, t);
            if (r) await queueResetMail(c, tx, r.user, r.token);
            return r;
          });
          if (reset) {
            outbox.wake();
            await audit(c, {
              action: 'password_reset_requested',
              actorEmail: reset.user.email,
              actorUserId: reset.user.id,
            });
          }
        }
        return c.json(SENT(email), 202);
      },
    )
    .get(
      '/reset/:token',
      describe({
        operationId: 'getPasswordResetLink',
        summary: 'Whether a reset link can still be used, and for which email address',
        tags: ['password'],
        public: true,
        responses: {
          200: json(ResetLinkSchema, 'The link can be used'),
          404: 'The link has expired or been used',
        },
      }),
      async (c) => {
        const { database, now } = c.get('deps');
        const reset = await findReset(database.db, c.req.param('token'), now());
        if (!reset) throw goneLink();
        return c.json({ email: reset.email });
      },
    )
    .post(
      '/reset',
      describe({
        operationId: 'resetPassword',
        summary: 'Set a new password with a reset link (ends every session)',
        tags: ['password'],
        public: true,
        responses: {
          200: json(DoneSchema, 'The password is changed; sign in with it'),
          404: 'The link has expired or been used',
          422: 'The new password is not acceptable (too short, too common...)',
        },
      }),
      jsonBody(ResetPasswordSchema),
      async (c) => {
        const { token, password } = c.req.valid('json');
        const { database, now } = c.get('deps');
        const db = database.db;
        const reset = await findReset(db, token, now());
        if (!reset) throw goneLink();
        const problem = passwordProblem(password, reset.email);
        if (problem) throw fieldProblem('password', problem);
        const done = await completeReset(db, token, await hashPassword(password), now());
        if (!done) throw goneLink();
        // The owner proved control of the mailbox: earlier failed sign-ins no longer lock them out.
        await clear(db, accountKey(done.email));
        await audit(c, {
          action: 'password_reset',
          actorEmail: done.email,
          actorUserId: done.userId,
          detail: { sessionsRevoked: 'all' },
        });
        return c.json({ ok: true as const });
      },
    )
    .post(
      '/change',
      describe({
        operationId: 'changePassword',
        summary: 'Change the password (ends every other session)',
        tags: ['password'],
        responses: {
          200: json(DoneSchema, 'Changed'),
          422: 'The current password is not right, or the new one is not acceptable',
          429: 'Too many wrong current passwords (Retry-After)',
        },
      }),
      jsonBody(ChangePasswordSchema),
      async (c) => {
        const p = requirePrincipal(c);
        const { currentPassword, newPassword } = c.req.valid('json');
        const { database, now } = c.get('deps');
        const db = database.db;
        const t = now();
        const key = accountKey(p.email);
        // The current password is guessed against the sign-in limit of its
        // account, counted before it is checked (as at sign-in).
        const attempt = await hit(db, key, SIGN_IN_ACCOUNT, t);
        if (!attempt.allowed) throw tooManyRequests(attempt.retryAfterSeconds);
        const [user] = await db.select().from(users).where(eq(users.id, p.userId));
        if (!(await verifyPassword(user?.passwordHash ?? null, currentPassword))) {
          throw fieldProblem('currentPassword', 'Your current password is not right');
        }
        // The right password: this attempt does not count against the account.
        await refund(db, key);
        const problem = passwordProblem(newPassword, p.email);
        if (problem) throw fieldProblem('newPassword', problem);
        await changePassword(
          db,
          p.userId,
          await hashPassword(newPassword),
          c.get('sessionTokenHash') ?? '',
        );
        await audit(c, { action: 'password_changed', detail: { otherSessionsRevoked: true } });
        return c.json({ ok: true as const });
      },
    );
}
