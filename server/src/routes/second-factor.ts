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
  RecoveryCodesSchema,
  SecondFactorPassedSchema,
  SecondFactorStatusSchema,
  SecondFactorVerifySchema,
  TotpConfirmSchema,
  TotpConfirmedSchema,
  TotpSetupSchema,
  type RecoveryCodes,
  type SecondFactorPassed,
  type SecondFactorStatusBody,
  type TotpConfirmed,
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
import { describe, json, type RouteDoc } from '../http/openapi-route';
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

/** What every code-checking route answers besides its success. */
const CODE_ANSWERS = {
  422: 'The code is not right (field-level message on `code` or `recoveryCode`)',
  429: 'Too many wrong codes for this person or address (Retry-After)',
} satisfies RouteDoc['responses'];

/** A session still owing its second factor is refused by these (401 with `secondFactor`). */
const OWED = 'Not signed in, or the session still owes its second factor (`secondFactor`)';

export function secondFactorRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/',
      describe({
        operationId: 'getSecondFactor',
        summary: "The caller's second factor: required, set up, recovery codes left",
        description:
          'Also answers a session that has passed the password but not the second factor.',
        tags: ['second-factor'],
        responses: { 200: json(SecondFactorStatusSchema, 'The second factor and the session') },
      }),
      async (c) => {
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
      },
    )
    .post(
      '/totp/setup',
      describe({
        operationId: 'startTotpSetup',
        summary: 'Start setting up an authenticator app (secret, otpauth URI, QR code)',
        tags: ['second-factor'],
        responses: {
          200: json(TotpSetupSchema, 'A new secret, not yet in use until confirmed'),
          409: 'An app is already set up: the session must enter a code from it instead',
        },
      }),
      async (c) => {
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
      },
    )
    .post(
      '/totp/confirm',
      describe({
        operationId: 'confirmTotp',
        summary: 'Confirm the app with a code; returns recovery codes once',
        description: 'A session owing its second factor is replaced by a signed-in one.',
        tags: ['second-factor'],
        responses: {
          200: json(TotpConfirmedSchema, 'Set up: the recovery codes (shown once) and the user'),
          409: 'An app is already set up',
          ...CODE_ANSWERS,
        },
      }),
      jsonBody(TotpConfirmSchema),
      async (c) => {
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
        const body: TotpConfirmed = {
          recoveryCodes: codes,
          me: await describeUser(database.db, principal),
        };
        return c.json(body);
      },
    )
    .post(
      '/verify',
      describe({
        operationId: 'verifySecondFactor',
        summary: 'Enter a code from the app, or a recovery code, after the password',
        description: 'The session owing its second factor is replaced by a signed-in one.',
        tags: ['second-factor'],
        responses: {
          200: json(SecondFactorPassedSchema, 'Signed in: the user and recovery codes left'),
          409: 'No app is set up yet, or the code was already entered',
          ...CODE_ANSWERS,
        },
      }),
      jsonBody(SecondFactorVerifySchema),
      async (c) => {
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
        const answer: SecondFactorPassed = {
          ...(await describeUser(database.db, principal)),
          recoveryCodesLeft: left?.recoveryCodesLeft ?? 0,
        };
        return c.json(answer);
      },
    )
    .post(
      '/recovery-codes',
      describe({
        operationId: 'replaceRecoveryCodes',
        summary: 'Replace the recovery codes (needs a code from the app)',
        tags: ['second-factor'],
        responses: {
          200: json(RecoveryCodesSchema, 'The new codes (shown once); the old ones no longer work'),
          401: OWED,
          ...CODE_ANSWERS,
        },
      }),
      jsonBody(TotpConfirmSchema),
      async (c) => {
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
        const body: RecoveryCodes = { recoveryCodes };
        return c.json(body);
      },
    )
    .post(
      '/totp/remove',
      describe({
        operationId: 'removeTotp',
        summary: 'Turn off the authenticator app (organisation users only)',
        tags: ['second-factor'],
        responses: {
          204: 'Turned off, with its recovery codes',
          401: OWED,
          403: 'A partnership role requires a second factor, so it cannot be turned off (or the request came from another site)',
          ...CODE_ANSWERS,
        },
      }),
      jsonBody(TotpConfirmSchema),
      async (c) => {
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
      },
    );
}
