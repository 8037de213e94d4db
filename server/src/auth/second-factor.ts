/**
 * The second factor: an authenticator app (TOTP) and single-use recovery
 * codes. Who must use one, enrolment, checking a code, and each person's
 * status (for the People screen). See docs/decisions/009-second-factor-and-sso.md.
 *
 * Rule: anyone with a partnership role (manager or viewer) must pass a second
 * factor; an organisation user may opt in, and once enrolled must use it too.
 * A session that has passed the password but not the second factor reaches
 * only the second-factor routes; every other route answers 401 with
 * `secondFactor: "setup" | "verify"` (see secondFactorNeeded).
 */
import { randomInt } from 'node:crypto';
import { and, count, eq, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Membership, Problem } from '@s11/shared';
import type { Db, Tx } from '../db/client';
import { recoveryCodes, sessions, totpCredentials } from '../db/schema';
import { HttpProblem, conflict } from '../http/problem';
import { hashToken } from './tokens';
import { checkTotp, newTotpSecret } from './totp';

export type SecondFactorState = 'none' | 'setup' | 'verify';

/**
 * How a session was authenticated. Those with a second factor (or an identity
 * provider that reported multi-factor authentication) satisfy the rule.
 */
export type SignInMethod =
  | 'password'
  | 'password+totp'
  | 'password+recovery'
  | 'oidc'
  | 'oidc+mfa'
  | 'oidc+totp'
  | 'oidc+recovery';

export function isMultiFactor(method: string): boolean {
  return method !== 'password' && method !== 'oidc';
}

/** Partnership staff must use a second factor (issue 10). */
export function roleRequiresSecondFactor(memberships: readonly Membership[]): boolean {
  return memberships.some((m) => m.scope === 'partnership');
}

/** What a person who has passed the first factor must do next. */
export function secondFactorStateFor(
  memberships: readonly Membership[],
  totpEnrolled: boolean,
): SecondFactorState {
  if (totpEnrolled) return 'verify';
  return roleRequiresSecondFactor(memberships) ? 'setup' : 'none';
}

export async function totpEnrolled(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: totpCredentials.userId })
    .from(totpCredentials)
    .where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt)))
    .limit(1);
  return !!row;
}

/** The problem every route answers to a session still owing its second factor. */
export class SecondFactorProblem extends HttpProblem {
  constructor(readonly secondFactor: Exclude<SecondFactorState, 'none'>) {
    super(
      401,
      'Second factor needed',
      secondFactor === 'setup'
        ? 'Set up an authenticator app to continue: partnership staff sign in with a second factor.'
        : 'Enter the 6-digit code from your authenticator app (or a recovery code) to continue.',
    );
  }
  override toJSON(): Problem {
    return {
      ...super.toJSON(),
      type: 'https://s11-portal.example/problems/second-factor-required',
      secondFactor: this.secondFactor,
    };
  }
}

export const secondFactorNeeded = (state: Exclude<SecondFactorState, 'none'>) =>
  new SecondFactorProblem(state);

export const wrongCode = () =>
  new HttpProblem(401, 'That code did not work', 'Check the code and try again.', [
    {
      path: 'code',
      message: 'Enter the 6-digit code shown in your authenticator app now, or a recovery code',
    },
  ]);

/**
 * Starts (or restarts) enrolment: a new secret, unconfirmed until a code from
 * it is entered. Refused once an app is confirmed, so a stolen password alone
 * can never replace someone's authenticator.
 */
export async function beginTotpSetup(db: Db, userId: string): Promise<string> {
  if (await totpEnrolled(db, userId))
    throw conflict('An authenticator app is already set up. Enter a code from it instead.');
  const secret = newTotpSecret();
  await db
    .insert(totpCredentials)
    .values({ userId, secret })
    .onConflictDoUpdate({
      target: totpCredentials.userId,
      set: { secret, lastTimeStep: null },
      // Only an unconfirmed enrolment may be replaced, even under a race.
      where: isNull(totpCredentials.confirmedAt),
    });
  return secret;
}

/**
 * Confirms enrolment with a code from the new app and issues recovery codes
 * (returned once, stored hashed). Null when the code is wrong.
 */
export async function confirmTotp(
  db: Db,
  userId: string,
  code: string,
  now: Date,
): Promise<string[] | null> {
  const [cred] = await db
    .select()
    .from(totpCredentials)
    .where(and(eq(totpCredentials.userId, userId), isNull(totpCredentials.confirmedAt)))
    .limit(1);
  if (!cred) {
    if (await totpEnrolled(db, userId)) throw conflict('Your authenticator app is already set up.');
    throw conflict('Start setting up your authenticator app first.');
  }
  const step = await checkTotp(cred.secret, code, now, null);
  if (step === null) return null;
  return db.transaction(async (tx) => {
    const done = await tx
      .update(totpCredentials)
      .set({ confirmedAt: now, lastTimeStep: step })
      .where(
        and(
          eq(totpCredentials.userId, userId),
          eq(totpCredentials.secret, cred.secret),
          isNull(totpCredentials.confirmedAt),
        ),
      )
      .returning({ userId: totpCredentials.userId });
    if (!done.length) throw conflict('Your authenticator app is already set up.');
    return replaceRecoveryCodes(tx, userId);
  });
}

/**
 * Checks a code from the person's confirmed app. The step is recorded with a
 * conditional update, so the same code cannot pass twice, even in parallel.
 */
export async function verifyTotp(
  db: Db,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const [cred] = await db
    .select()
    .from(totpCredentials)
    .where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt)))
    .limit(1);
  if (!cred) return false;
  const step = await checkTotp(cred.secret, code, now, cred.lastTimeStep);
  if (step === null) return false;
  const claimed = await db
    .update(totpCredentials)
    .set({ lastTimeStep: step })
    .where(
      and(
        eq(totpCredentials.userId, userId),
        or(isNull(totpCredentials.lastTimeStep), lt(totpCredentials.lastTimeStep, step)),
      ),
    )
    .returning({ userId: totpCredentials.userId });
  return claimed.length === 1;
}

// Crockford's Base32 alphabet: no I, L, O or U to misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_CODE_COUNT = 10;

/** 12 characters of a 32-letter alphabet: 60 random bits, shown as XXXX-XXXX-XXXX. */
function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Case, spaces and hyphens do not matter when a code is typed back. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

const hashRecoveryCode = (code: string) => hashToken(`recovery:${normaliseRecoveryCode(code)}`);

/** A new set of recovery codes; the old ones stop working. Returns the codes (shown once). */
export async function replaceRecoveryCodes(db: Db | Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(
    codes.map((code) => ({
      id: crypto.randomUUID(),
      userId,
      codeHash: hashRecoveryCode(code),
    })),
  );
  return codes;
}

/** Spends a recovery code: true once per code, whatever the concurrency. */
export async function useRecoveryCode(
  db: Db,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!/^[0-9A-Z]{12}$/.test(normalised)) return false;
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

/**
 * Removes a person's authenticator and recovery codes and ends their
 * sessions: an organisation user opting out, or a manager resetting the
 * factor of someone who lost their phone (they set it up again at sign-in).
 */
export async function removeSecondFactor(
  db: Db,
  userId: string,
  opts: { endSessions: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.delete(totpCredentials).where(eq(totpCredentials.userId, userId));
    if (opts.endSessions) await tx.delete(sessions).where(eq(sessions.userId, userId));
  });
}

export interface SecondFactorStatus {
  /** An authenticator app is set up and confirmed. */
  totp: boolean;
  enrolledAt: Date | null;
  recoveryCodesLeft: number;
}

/** Each person's second-factor status, for the People screen (one query per table). */
export async function secondFactorStatuses(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, SecondFactorStatus>> {
  const out = new Map<string, SecondFactorStatus>(
    userIds.map((id) => [id, { totp: false, enrolledAt: null, recoveryCodesLeft: 0 }]),
  );
  if (!userIds.length) return out;
  const ids = [...userIds];
  const creds = await db
    .select({ userId: totpCredentials.userId, confirmedAt: totpCredentials.confirmedAt })
    .from(totpCredentials)
    .where(and(inArray(totpCredentials.userId, ids), isNotNull(totpCredentials.confirmedAt)));
  for (const c of creds) {
    const s = out.get(c.userId);
    if (s) Object.assign(s, { totp: true, enrolledAt: c.confirmedAt });
  }
  const left = await db
    .select({ userId: recoveryCodes.userId, n: count() })
    .from(recoveryCodes)
    .where(and(inArray(recoveryCodes.userId, ids), isNull(recoveryCodes.usedAt)))
    .groupBy(recoveryCodes.userId);
  for (const l of left) {
    const s = out.get(l.userId);
    if (s) s.recoveryCodesLeft = Number(l.n);
  }
  return out;
}
