/**
 * Invitations: the one way into an account or a new role (see
 * docs/decisions/008-invitation-and-reset-tokens.md).
 *
 * - A link to an email with no account sets up that account (name and
 *   password). An email that already has an account is only ever granted the
 *   membership, and only when its owner is signed in as themselves: the
 *   token never sets a password or a name on an existing account.
 * - A token is used once, even when accepted five times at once: the accept
 *   is a conditional UPDATE (still pending, not revoked, not expired), so
 *   exactly one transaction wins.
 * - Links last INVITATION_DAYS; a manager can revoke or re-send (a new token;
 *   the old link stops working); a new invitation to the same email in the
 *   same partnership replaces any pending one.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { ORGANISATION_ROLES, type InvitationState, type Role } from '@s11/shared';
import type { Db } from '../db/client';
import { invitations, memberships, users } from '../db/schema';
import { hashToken, newToken } from './tokens';

export const INVITATION_DAYS = 14;

export type Invitation = typeof invitations.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type { InvitationState };

export function invitationState(inv: Invitation, now: Date): InvitationState {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return inv.revokedReason === 'replaced' ? 'replaced' : 'revoked';
  if (inv.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'pending';
}

const pendingWhere = (now: Date) =>
  and(
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, now),
  );

export async function accountExists(db: Db | Tx, email: string): Promise<boolean> {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email.toLowerCase()))
    .limit(1);
  return Boolean(u);
}

/**
 * Creates an invitation, replacing any pending one to the same email in the
 * same partnership. Returns the row and the token (which is not stored).
 */
export async function createInvitation(
  db: Db,
  input: {
    email: string;
    name: string;
    role: Role;
    organisationId: string | null;
    partnershipId: string;
    invitedBy: string | null;
  },
  now: Date,
): Promise<{ invitation: Invitation; token: string; replaced: string[] }> {
  const token = newToken();
  return db.transaction(async (tx) => {
    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: now, revokedReason: 'replaced' })
      .where(
        and(
          eq(invitations.partnershipId, input.partnershipId),
          eq(invitations.email, input.email),
          pendingWhere(now),
        ),
      )
      .returning({ id: invitations.id });
    const [invitation] = await tx
      .insert(invitations)
      .values({
        id: crypto.randomUUID(),
        tokenHash: hashToken(token),
        email: input.email,
        name: input.name,
        role: input.role,
        organisationId: input.organisationId,
        partnershipId: input.partnershipId,
        invitedBy: input.invitedBy,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
        existingAccount: await accountExists(tx, input.email),
      })
      .returning();
    if (!invitation) throw new Error('invitation insert returned nothing');
    return { invitation, token, replaced: replaced.map((r) => r.id) };
  });
}

/** A new token and expiry for a pending (or expired) invitation; the old link stops working. */
export async function renewInvitation(
  db: Db,
  id: string,
  partnershipId: string,
  now: Date,
): Promise<{ invitation: Invitation; token: string } | null> {
  const token = newToken();
  const [invitation] = await db
    .update(invitations)
    .set({
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      // Recomputed: the person may have set up an account since the first email.
      existingAccount: sql<boolean>`exists (select 1 from ${users} where ${users.email} = ${invitations.email})`,
    })
    .where(
      and(
        eq(invitations.id, id),
        eq(invitations.partnershipId, partnershipId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning();
  return invitation ? { invitation, token } : null;
}

export async function revokeInvitation(
  db: Db,
  id: string,
  partnershipId: string,
  now: Date,
): Promise<Invitation | null> {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: now, revokedReason: 'revoked' })
    .where(
      and(
        eq(invitations.id, id),
        eq(invitations.partnershipId, partnershipId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning();
  return row ?? null;
}

/** The pending invitation a link names, or undefined. */
export async function findPendingInvitation(
  db: Db,
  token: string,
  now: Date,
): Promise<Invitation | undefined> {
  if (token.length > 100) return undefined;
  const [inv] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, hashToken(token)), pendingWhere(now)))
    .limit(1);
  return inv;
}

/** Marks the invitation used, atomically: the caller that gets a row back is the only one. */
async function claim(tx: Tx, token: string, now: Date): Promise<Invitation | undefined> {
  const [inv] = await tx
    .update(invitations)
    .set({ acceptedAt: now })
    .where(and(eq(invitations.tokenHash, hashToken(token)), pendingWhere(now)))
    .returning();
  return inv;
}

/**
 * Grants the invitation's role. One membership per person per organisation
 * (or per partnership): a second invitation to the same place changes the
 * role (editor to signatory) rather than adding a duplicate.
 */
export async function grantMembership(
  tx: Tx,
  userId: string,
  grant: { role: Role; organisationId: string | null; partnershipId: string },
): Promise<void> {
  const orgRole = (ORGANISATION_ROLES as readonly string[]).includes(grant.role);
  const scope = orgRole
    ? eq(memberships.organisationId, grant.organisationId ?? '')
    : and(eq(memberships.partnershipId, grant.partnershipId), isNull(memberships.organisationId));
  const [existing] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), scope))
    .limit(1);
  if (existing) {
    await tx.update(memberships).set({ role: grant.role }).where(eq(memberships.id, existing.id));
    return;
  }
  await tx.insert(memberships).values({
    id: crypto.randomUUID(),
    userId,
    role: grant.role,
    organisationId: orgRole ? grant.organisationId : null,
    partnershipId: orgRole ? null : grant.partnershipId,
  });
}

export type AcceptResult =
  | { kind: 'accepted'; invitation: Invitation; userId: string }
  | { kind: 'gone' }
  | { kind: 'account_exists' }
  | { kind: 'wrong_account' };

/** Sets up a new account from an invitation. Refused when the email already has an account. */
export async function acceptAsNewAccount(
  db: Db,
  token: string,
  account: { name: string; passwordHash: string },
  now: Date,
): Promise<AcceptResult> {
  try {
    return await db.transaction(async (tx) => {
      const inv = await claim(tx, token, now);
      if (!inv) return { kind: 'gone' } as const;
      const userId = crypto.randomUUID();
      const inserted = await tx
        .insert(users)
        .values({
          id: userId,
          email: inv.email,
          name: account.name,
          passwordHash: account.passwordHash,
        })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      // The email has an account: roll back (the invitation stays pending for its owner).
      if (!inserted.length) throw new AccountExists();
      await grantMembership(tx, userId, inv);
      await tx.update(invitations).set({ acceptedBy: userId }).where(eq(invitations.id, inv.id));
      return { kind: 'accepted', invitation: inv, userId } as const;
    });
  } catch (e) {
    if (e instanceof AccountExists) return { kind: 'account_exists' };
    throw e;
  }
}

/** Grants an invitation to the signed-in person it was sent to. */
export async function acceptAsSignedIn(
  db: Db,
  token: string,
  user: { id: string; email: string },
  now: Date,
): Promise<AcceptResult> {
  try {
    return await db.transaction(async (tx) => {
      const inv = await claim(tx, token, now);
      if (!inv) return { kind: 'gone' } as const;
      if (inv.email !== user.email.toLowerCase()) throw new WrongAccount();
      await grantMembership(tx, user.id, inv);
      await tx.update(invitations).set({ acceptedBy: user.id }).where(eq(invitations.id, inv.id));
      return { kind: 'accepted', invitation: inv, userId: user.id } as const;
    });
  } catch (e) {
    if (e instanceof WrongAccount) return { kind: 'wrong_account' };
    throw e;
  }
}

class AccountExists extends Error {}
class WrongAccount extends Error {}
