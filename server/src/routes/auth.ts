/**
 * Sign-in, sign-out, the current user, and accepting an invitation.
 */
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { EmailSchema, LIMITS, text } from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit, clientIp } from '../audit';
import { requirePrincipal } from '../auth/access';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import {
  RATE_LIMIT,
  accountKey,
  addressKey,
  clearFailures,
  recordFailure,
  retryAfterSeconds,
} from '../auth/rate-limit';
import { clearSessionCookie, loadMemberships, revokeSession, startSession } from '../auth/sessions';
import { hashToken } from '../auth/tokens';
import {
  invitations,
  memberships,
  organisationPartnerships,
  organisations,
  partnerships,
  users,
} from '../db/schema';
import { HttpProblem, notFound, validationProblem } from '../http/problem';
import { jsonBody } from '../http/validate';
import type { Db } from '../db/client';
import type { Principal } from '../auth/principal';

export const LoginSchema = z.strictObject({
  email: EmailSchema,
  password: z
    .string()
    .min(1, { message: 'Enter your password' })
    .max(LIMITS.password.max * 4),
});

export const AcceptInvitationSchema = z.strictObject({
  token: z.string().min(10).max(100),
  name: text(LIMITS.name, 1),
  password: z.string().max(LIMITS.password.max * 4),
});

const tooMany = (seconds: number) =>
  new HttpProblem(
    429,
    'Too many attempts',
    `Wait ${String(Math.ceil(seconds / 60))} minute(s) and try again.`,
    undefined,
    {
      'Retry-After': String(seconds),
    },
  );

/** What the web app needs to know about the signed-in user. */
export async function describeUser(db: Db, p: Principal) {
  const orgIds = p.memberships.flatMap((m) =>
    m.scope === 'organisation' ? [m.organisationId] : [],
  );
  // The partnerships this person works with: their own, and those of their organisations.
  const viaOrgs = orgIds.length
    ? (
        await db
          .select()
          .from(organisationPartnerships)
          .where(inArray(organisationPartnerships.organisationId, orgIds))
      ).map((l) => l.partnershipId)
    : [];
  const pIds = [
    ...new Set([
      ...p.memberships.flatMap((m) => (m.scope === 'partnership' ? [m.partnershipId] : [])),
      ...viaOrgs,
    ]),
  ];
  const orgs = orgIds.length
    ? await db.select().from(organisations).where(inArray(organisations.id, orgIds))
    : [];
  const parts = pIds.length
    ? await db.select().from(partnerships).where(inArray(partnerships.id, pIds))
    : [];
  return {
    id: p.userId,
    email: p.email,
    name: p.name,
    memberships: p.memberships,
    organisations: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      sector: o.sector,
      subType: o.subType,
      usualVariant: o.usualVariant,
    })),
    partnerships: parts.map((x) => ({ id: x.id, name: x.name, shortName: x.shortName })),
  };
}

export function authRoutes() {
  return new Hono<AppEnv>()
    .post('/login', jsonBody(LoginSchema), async (c) => {
      const { email, password } = c.req.valid('json');
      const { database, now } = c.get('deps');
      const db = database.db;
      const t = now();
      const ip = clientIp(c);
      const wait = Math.max(
        await retryAfterSeconds(db, accountKey(email), RATE_LIMIT.perAccount, t),
        await retryAfterSeconds(db, addressKey(ip), RATE_LIMIT.perAddress, t),
      );
      if (wait > 0) {
        await audit(c, {
          action: 'sign_in_failed',
          actorEmail: email,
          actorUserId: null,
          detail: { reason: 'rate_limited' },
        });
        throw tooMany(wait);
      }
      const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !ok || user.disabled) {
        await recordFailure(db, [accountKey(email), addressKey(ip)], t);
        await audit(c, {
          action: 'sign_in_failed',
          actorEmail: email,
          actorUserId: user?.id ?? null,
          detail: { reason: user?.disabled ? 'disabled' : 'bad_credentials' },
        });
        throw new HttpProblem(
          401,
          'Sign-in failed',
          'The email address or password is not right, or the account is not active.',
          [{ path: 'password', message: 'Check your email address and password and try again' }],
        );
      }
      await clearFailures(db, accountKey(email));
      await startSession(c, user.id);
      const principal: Principal = {
        userId: user.id,
        email: user.email,
        name: user.name,
        memberships: await loadMemberships(db, user.id),
      };
      // Sign-ins are filed under each partnership the person works with, so its managers see them.
      for (const partnershipId of await partnershipsOf(db, principal)) {
        await audit(c, {
          action: 'sign_in',
          actorEmail: user.email,
          actorUserId: user.id,
          partnershipId,
        });
      }
      return c.json(await describeUser(db, principal));
    })
    .post('/logout', async (c) => {
      const tokenHash = c.get('sessionTokenHash');
      if (tokenHash) {
        await revokeSession(c.get('deps').database.db, tokenHash);
        await audit(c, { action: 'sign_out' });
      }
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .get('/me', async (c) => {
      const p = requirePrincipal(c);
      return c.json(await describeUser(c.get('deps').database.db, p));
    })
    .get('/invitations/:token', async (c) => {
      const { database, now } = c.get('deps');
      const inv = await findInvitation(database.db, c.req.param('token'), now());
      if (!inv) throw notFound('invitation');
      return c.json({ email: inv.email, name: inv.name, role: inv.role });
    })
    .post('/invitations/accept', jsonBody(AcceptInvitationSchema), async (c) => {
      const body = c.req.valid('json');
      const { database, now } = c.get('deps');
      const db = database.db;
      const inv = await findInvitation(db, body.token, now());
      if (!inv)
        throw new HttpProblem(
          404,
          'This invitation link has expired or been used',
          'Ask your partnership manager to send a new one.',
        );
      const problem = passwordProblem(body.password, inv.email);
      if (problem) {
        throw validationProblem(
          new z.ZodError([
            { code: 'custom', path: ['password'], message: problem, input: undefined },
          ]),
        );
      }
      const passwordHash = await hashPassword(body.password);
      const userId = await db.transaction(async (tx) => {
        const [existing] = await tx.select().from(users).where(eq(users.email, inv.email)).limit(1);
        const id = existing?.id ?? crypto.randomUUID();
        if (existing) {
          await tx.update(users).set({ name: body.name, passwordHash }).where(eq(users.id, id));
        } else {
          await tx.insert(users).values({ id, email: inv.email, name: body.name, passwordHash });
        }
        await tx.insert(memberships).values({
          id: crypto.randomUUID(),
          userId: id,
          role: inv.role,
          organisationId: inv.organisationId,
          partnershipId: inv.organisationId ? null : inv.partnershipId,
        });
        await tx.update(invitations).set({ acceptedAt: now() }).where(eq(invitations.id, inv.id));
        return id;
      });
      await startSession(c, userId);
      await audit(c, {
        action: 'invitation_accepted',
        actorEmail: inv.email,
        actorUserId: userId,
        partnershipId: inv.partnershipId,
        organisationId: inv.organisationId,
        entity: 'invitation',
        entityId: inv.id,
      });
      return c.json({ ok: true as const }, 201);
    });
}

async function partnershipsOf(db: Db, p: Principal): Promise<(string | null)[]> {
  const direct = p.memberships.flatMap((m) => (m.scope === 'partnership' ? [m.partnershipId] : []));
  const orgIds = p.memberships.flatMap((m) =>
    m.scope === 'organisation' ? [m.organisationId] : [],
  );
  const viaOrgs = orgIds.length
    ? (
        await db
          .select()
          .from(organisationPartnerships)
          .where(inArray(organisationPartnerships.organisationId, orgIds))
      ).map((l) => l.partnershipId)
    : [];
  const all = [...new Set([...direct, ...viaOrgs])];
  return all.length ? all : [null];
}

async function findInvitation(db: Db, token: string, now: Date) {
  if (token.length > 100) return undefined;
  const [inv] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .limit(1);
  return inv;
}
