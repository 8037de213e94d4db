/**
 * The second factor, under /api/auth/second-factor: set up an authenticator
 * app, enter a code (or a recovery code) after the password, replace the
 * recovery codes, and (organisation users only) turn it off. These are the
 * only routes a session owing its second factor can use. Rules and storage:
 * auth/second-factor.ts; the decision: docs/decisions/009-second-factor-and-sso.md.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import {
  SecondFactorVerifySchema,
  TotpConfirmSchema,
  type SecondFactorStatusBody,
  type TotpSetup,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit, clientIp } from '../audit';
import { requirePrincipal } from '../auth/access';
import type { Principal } from '../auth/principal';
import {
  SIGN_IN_ACCOUNT,
  SIGN_IN_ADDRESS,
  addressKey,
  clear,
  hit,
  refund,
  tooManyRequests,
} from '../auth/rate-limit';
import {
  beginTotpSetup,
  confirmTotp,
  removeSecondFactor,
  replaceRecoveryCodes,
  roleRequiresSecondFactor,
  secondFactorStatuses,
  useRecoveryCode,
  verifyTotp,
  type SecondFactorState,
  type SignInMethod,
} from '../auth/second-factor';
import { revokeSession, startSession } from '../auth/sessions';
import { groupedSecret, otpauthUri, qrSvg } from '../auth/totp';
import { sessions } from '../db/schema';
import { HttpProblem, conflict, forbidden, unauthorized } from '../http/problem';
import { jsonBody } from '../http/validate';
import { describeUser, partnershipsOf } from './auth';

/** Wrong codes count per person (and per address) in the sign-in rate limit's table. */
export const secondFactorKey = (userId: string) => `second-factor:${userId}`;

interface Caller {
  principal: Principal;
  /** What the session still owes: 'none' once passed. */
  owes: SecondFactorState;
}

/** Any session, full or still owing its second factor. */
function requireSession(c: Context<AppEnv>): Caller {
  const full = c.get('principal');
  if (full) return { principal: full, owes: 'none' };
  const pending = c.get('pendingPrincipal');
  if (pending) return { principal: pending, owes: pending.secondFactor };
  throw unauthorized();
}

const codeProblem = (field: 'code' | 'recoveryCode') =>
  new HttpProblem(422, 'That code did not work', 'Check the code and try again.', [
    {
      path: field,
      message:
        field === 'code'
          ? 'Enter the 6-digit code your authenticator app shows now'
          : 'That recovery code is not right or has been used',
    },
  ]);

/**
 * Counts this attempt (before the code is checked, one statement per key, so
 * a parallel burst cannot slip past) and refuses with 429 past the limit.
 */
async function checkRateLimit(c: Context<AppEnv>, userId: string): Promise<void> {
  const { database, now } = c.get('deps');
  const t = now();
  const [person, address] = await Promise.all([
    hit(database.db, secondFactorKey(userId), SIGN_IN_ACCOUNT, t),
    hit(database.db, addressKey(clientIp(c)), SIGN_IN_ADDRESS, t),
  ]);
  if (!person.allowed || !address.allowed)
    throw tooManyRequests(
      Math.max(
        person.allowed ? 0 : person.retryAfterSeconds,
        address.allowed ? 0 : address.retryAfterSeconds,
      ),
    );
}

/** The right code: this person's count is cleared and the attempt does not use up the address's. */
async function passed(c: Context<AppEnv>, userId: string): Promise<void> {
  const db = c.get('deps').database.db;
  await Promise.all([clear(db, secondFactorKey(userId)), refund(db, addressKey(clientIp(c)))]);
}

async function failed(c: Context<AppEnv>, reason: string): Promise<void> {
  await audit(c, { action: 'second_factor_failed', detail: { reason } });
}

/**
 * Replaces the session with a new one that has passed the second factor (a
 * new token, so one seen before the second factor never gains full rights).
 */
async function upgradeSession(c: Context<AppEnv>, factor: 'totp' | 'recovery'): Promise<void> {
  const db = c.get('deps').database.db;
  const tokenHash = c.get('sessionTokenHash') ?? '';
  const [row] = await db
    .select({ method: sessions.method, userId: sessions.userId })
    .from(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  if (!row) throw unauthorized();
  const base = row.method.split('+')[0] === 'oidc' ? 'oidc' : 'password';
  await revokeSession(db, tokenHash);
  await startSession(c, row.userId, { method: `${base}+${factor}` as SignInMethod });
}

/** Sign-ins are filed under each partnership the person works with (as in routes/auth.ts). */
async function auditSignIn(c: Context<AppEnv>, p: Principal, method: string): Promise<void> {
  const db = c.get('deps').database.db;
  for (const partnershipId of await partnershipsOf(db, p)) {
    await audit(c, {
      action: 'sign_in',
      actorEmail: p.email,
      actorUserId: p.userId,
      partnershipId,
      detail: { method },
    });
  }
}

export function secondFactorRoutes() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { principal, owes } = requireSession(c);
      const status = (
        await secondFactorStatuses(c.get('deps').database.db, [principal.userId])
      ).get(principal.userId);
      const body: SecondFactorStatusBody = {
        required: roleRequiresSecondFactor(principal.memberships),
        totp: status?.totp ?? false,
        recoveryCodesLeft: status?.recoveryCodesLeft ?? 0,
        session: owes,
      };
      return c.json(body);
    })
    .post('/totp/setup', async (c) => {
      const { principal, owes } = requireSession(c);
      if (owes === 'verify')
        throw conflict('An authenticator app is already set up. Enter a code from it instead.');
      const secret = await beginTotpSetup(c.get('deps').database.db, principal.userId);
      const uri = otpauthUri(secret, principal.email);
      const body: TotpSetup = {
        secret,
        secretGrouped: groupedSecret(secret),
        otpauthUri: uri,
        qrSvg: await qrSvg(uri),
      };
      return c.json(body);
    })
    .post('/totp/confirm', jsonBody(TotpConfirmSchema), async (c) => {
      const { principal, owes } = requireSession(c);
      if (owes === 'verify') throw conflict('Your authenticator app is already set up.');
      await checkRateLimit(c, principal.userId);
      const { database, now } = c.get('deps');
      const codes = await confirmTotp(
        database.db,
        principal.userId,
        c.req.valid('json').code,
        now(),
      );
      if (!codes) {
        await failed(c, 'wrong_code_at_setup');
        throw codeProblem('code');
      }
      await passed(c, principal.userId);
      await audit(c, {
        action: 'second_factor_enrolled',
        entity: 'user',
        entityId: principal.userId,
      });
      await upgradeSession(c, 'totp');
      if (owes !== 'none') await auditSignIn(c, principal, 'password+totp');
      return c.json({
        recoveryCodes: codes,
        me: await describeUser(database.db, principal),
      });
    })
    .post('/verify', jsonBody(SecondFactorVerifySchema), async (c) => {
      const { principal, owes } = requireSession(c);
      if (owes === 'setup') throw conflict('Set up your authenticator app first.');
      if (owes === 'none') throw conflict('You have already entered your code.');
      await checkRateLimit(c, principal.userId);
      const { database, now } = c.get('deps');
      const body = c.req.valid('json');
      const factor = 'code' in body ? 'totp' : 'recovery';
      const ok =
        'code' in body
          ? await verifyTotp(database.db, principal.userId, body.code, now())
          : await useRecoveryCode(database.db, principal.userId, body.recoveryCode, now());
      if (!ok) {
        await failed(c, `wrong_${factor}`);
        throw codeProblem('code' in body ? 'code' : 'recoveryCode');
      }
      await passed(c, principal.userId);
      await upgradeSession(c, factor);
      await audit(c, { action: 'second_factor_passed', detail: { factor } });
      await auditSignIn(c, principal, `password+${factor}`);
      const left = (await secondFactorStatuses(database.db, [principal.userId])).get(
        principal.userId,
      );
      return c.json({
        ...(await describeUser(database.db, principal)),
        recoveryCodesLeft: left?.recoveryCodesLeft ?? 0,
      });
    })
    .post('/recovery-codes', jsonBody(TotpConfirmSchema), async (c) => {
      const principal = requirePrincipal(c);
      await checkRateLimit(c, principal.userId);
      const { database, now } = c.get('deps');
      if (!(await verifyTotp(database.db, principal.userId, c.req.valid('json').code, now()))) {
        await failed(c, 'wrong_code_for_new_recovery_codes');
        throw codeProblem('code');
      }
      await passed(c, principal.userId);
      const recoveryCodes = await replaceRecoveryCodes(database.db, principal.userId);
      await audit(c, {
        action: 'recovery_codes_replaced',
        entity: 'user',
        entityId: principal.userId,
      });
      return c.json({ recoveryCodes });
    })
    .post('/totp/remove', jsonBody(TotpConfirmSchema), async (c) => {
      const principal = requirePrincipal(c);
      if (roleRequiresSecondFactor(principal.memberships)) throw forbidden();
      await checkRateLimit(c, principal.userId);
      const { database, now } = c.get('deps');
      if (!(await verifyTotp(database.db, principal.userId, c.req.valid('json').code, now()))) {
        await failed(c, 'wrong_code_to_remove');
        throw codeProblem('code');
      }
      await passed(c, principal.userId);
      await removeSecondFactor(database.db, principal.userId, { endSessions: false });
      await audit(c, {
        action: 'second_factor_removed',
        entity: 'user',
        entityId: principal.userId,
      });
      return c.body(null, 204);
    });
}
