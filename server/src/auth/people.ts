/**
 * Managing people in a partnership: who has access, role changes, disabling
 * and re-enabling accounts. The routes (routes/people.ts) check the caller is
 * a manager of the partnership; these rules check the person and membership
 * belong to it (else "not found", the same answer as for nothing) and keep
 * the partnership with at least one active manager.
 *
 * "Within the partnership": a partnership membership of it, or an
 * organisation membership of one of its organisations. A person is listed
 * with those memberships only; their access elsewhere is never revealed.
 * A manager may disable an account only when all of its access lies within
 * the partnership, because disabling ends the account everywhere.
 *
 * Changes that could leave no manager (a demotion, a disable) run in one
 * transaction holding the partnership's row lock, so two managers demoting
 * each other at the same moment cannot both succeed.
 */
import { and, asc, eq, inArray, ne, or } from 'drizzle-orm';
import {
  ORGANISATION_ROLES,
  PARTNERSHIP_ROLES,
  type OrganisationPersonBody,
  type PersonBody,
  type PersonMembershipBody,
  type Role,
} from '@s11/shared';
import type { Db } from '../db/client';
import {
  memberships,
  organisationPartnerships,
  organisations,
  partnerships,
  sessions,
  users,
} from '../db/schema';
import { HttpProblem, notFound } from '../http/problem';
import { secondFactorStatuses } from './second-factor';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Person = Omit<PersonBody, 'you'>;

/** The partnership's organisations (id -> name). */
async function organisationsOf(db: Db | Tx, pid: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .innerJoin(
      organisationPartnerships,
      eq(organisationPartnerships.organisationId, organisations.id),
    )
    .where(eq(organisationPartnerships.partnershipId, pid));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const withinCondition = (db: Db | Tx, pid: string) =>
  or(
    eq(memberships.partnershipId, pid),
    inArray(
      memberships.organisationId,
      db
        .select({ id: organisationPartnerships.organisationId })
        .from(organisationPartnerships)
        .where(eq(organisationPartnerships.partnershipId, pid)),
    ),
  );

type MembershipRow = typeof memberships.$inferSelect;

function isWithin(m: MembershipRow, pid: string, orgs: Map<string, string>): boolean {
  return m.partnershipId === pid || (m.organisationId !== null && orgs.has(m.organisationId));
}

/** Everyone with access to the partnership or its organisations (or one person), by name. */
export async function listPeople(db: Db, pid: string, onlyUserId?: string): Promise<Person[]> {
  const orgs = await organisationsOf(db, pid);
  const inScope = db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(
      onlyUserId
        ? and(withinCondition(db, pid), eq(memberships.userId, onlyUserId))
        : withinCondition(db, pid),
    );
  const people = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      disabled: users.disabled,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(inArray(users.id, inScope))
    .orderBy(asc(users.name), asc(users.email))
    // A partnership of 1,000 organisations with a few people each fits; the
    // screen shows everyone on one page, sorted by name.
    .limit(10_000);
  if (!people.length) return [];
  const ids = people.map((p) => p.id);
  const ms = await db
    .select()
    .from(memberships)
    .where(inArray(memberships.userId, inScope))
    .orderBy(asc(memberships.role));
  const factors = await secondFactorStatuses(db, ids);
  const byUser = new Map<string, MembershipRow[]>();
  for (const m of ms) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
  return people.map((p) => {
    const all = byUser.get(p.id) ?? [];
    const mine = all.filter((m) => isWithin(m, pid, orgs));
    const f = factors.get(p.id);
    return {
      id: p.id,
      name: p.name,
      email: p.email,
      disabled: p.disabled,
      lastSignInAt: p.lastSignInAt?.toISOString() ?? null,
      secondFactor: { totp: f?.totp ?? false, recoveryCodesLeft: f?.recoveryCodesLeft ?? 0 },
      memberships: mine.map((m): PersonMembershipBody => ({
        id: m.id,
        role: m.role,
        scope: m.organisationId ? 'organisation' : 'partnership',
        organisationId: m.organisationId,
        organisationName: m.organisationId ? (orgs.get(m.organisationId) ?? null) : null,
      })),
      manageable: all.length === mine.length,
    };
  });
}

/** Holds the partnership's row until the transaction ends: manager counts stay true. */
async function lockPartnership(tx: Tx, pid: string): Promise<void> {
  const [row] = await tx
    .select({ id: partnerships.id })
    .from(partnerships)
    .where(eq(partnerships.id, pid))
    .for('update');
  if (!row) throw notFound('partnership');
}

/** Active (not disabled) managers of the partnership, not counting one membership or person. */
async function otherActiveManagers(
  tx: Tx,
  pid: string,
  except: { membershipId?: string; userId?: string },
): Promise<number> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.partnershipId, pid),
        eq(memberships.role, 'partnership_manager'),
        eq(users.disabled, false),
        except.membershipId ? ne(memberships.id, except.membershipId) : undefined,
        except.userId ? ne(memberships.userId, except.userId) : undefined,
      ),
    );
  return rows.length;
}

const lastManager = (doing: string) =>
  new HttpProblem(
    409,
    'The partnership must keep a manager',
    `This is the partnership's last active manager, so you cannot ${doing}. Invite or promote another manager first.`,
  );

/**
 * Changes one membership's role within its scope (editor <-> signatory,
 * manager <-> viewer). Returns the roles before and after.
 */
export async function changeRole(
  db: Db,
  pid: string,
  userId: string,
  membershipId: string,
  role: Role,
): Promise<{ from: Role; to: Role; organisationId: string | null }> {
  return db.transaction(async (tx) => {
    await lockPartnership(tx, pid);
    const [m] = await tx
      .select()
      .from(memberships)
      .where(
        and(
          eq(memberships.id, membershipId),
          eq(memberships.userId, userId),
          withinCondition(tx, pid),
        ),
      );
    if (!m) throw notFound('role');
    const from = m.role;
    const orgScope = m.organisationId !== null;
    const allowed: readonly string[] = orgScope ? ORGANISATION_ROLES : PARTNERSHIP_ROLES;
    if (!allowed.includes(role))
      throw new HttpProblem(422, 'Some answers need correcting', undefined, [
        {
          path: 'role',
          message: orgScope
            ? 'Choose organisation editor or organisation signatory'
            : 'Choose partnership manager or partnership viewer',
        },
      ]);
    if (from === role) return { from, to: role, organisationId: m.organisationId };
    if (from === 'partnership_manager') {
      const [u] = await tx.select().from(users).where(eq(users.id, userId));
      if (!u?.disabled && (await otherActiveManagers(tx, pid, { membershipId })) === 0)
        throw lastManager('change their role');
    }
    await tx.update(memberships).set({ role }).where(eq(memberships.id, membershipId));
    return { from, to: role, organisationId: m.organisationId };
  });
}

/**
 * Disables an account (every session ends at once, in the same transaction)
 * or re-enables it. Returns false when it was already in that state.
 */
export async function setDisabled(
  db: Db,
  pid: string,
  userId: string,
  disabled: boolean,
  actorUserId: string,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lockPartnership(tx, pid);
    const orgs = await organisationsOf(tx, pid);
    const ms = await tx.select().from(memberships).where(eq(memberships.userId, userId));
    const mine = ms.filter((m) => isWithin(m, pid, orgs));
    if (!mine.length) throw notFound('person');
    if (mine.length !== ms.length)
      throw new HttpProblem(
        409,
        'This person also has access elsewhere',
        'They also work with another partnership or its organisations, so their account cannot be disabled from here. Change their role here instead, or ask the other partnership.',
      );
    const [u] = await tx.select().from(users).where(eq(users.id, userId));
    if (!u) throw notFound('person');
    if (u.disabled === disabled) return false;
    if (disabled) {
      if (userId === actorUserId)
        throw new HttpProblem(
          409,
          'You cannot disable your own account',
          'Ask another manager of the partnership if your account should be disabled.',
        );
      const isManager = mine.some((m) => m.role === 'partnership_manager');
      if (isManager && (await otherActiveManagers(tx, pid, { userId })) === 0)
        throw lastManager('disable their account');
      await tx.update(users).set({ disabled: true, disabledAt: now }).where(eq(users.id, userId));
      await tx.delete(sessions).where(eq(sessions.userId, userId));
    } else {
      await tx.update(users).set({ disabled: false }).where(eq(users.id, userId));
    }
    return true;
  });
}

/**
 * The people of one organisation (its own signatory's read-only view): each
 * with their roles there only.
 */
export async function listOrganisationPeople(db: Db, organisationId: string) {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      disabled: users.disabled,
      lastSignInAt: users.lastSignInAt,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(users.name), asc(users.email))
    .limit(10_000);
  const factors = await secondFactorStatuses(db, [...new Set(rows.map((r) => r.id))]);
  const people = new Map<string, OrganisationPersonBody>();
  for (const r of rows) {
    const p = people.get(r.id) ?? {
      id: r.id,
      name: r.name,
      email: r.email,
      disabled: r.disabled,
      lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
      secondFactor: { totp: factors.get(r.id)?.totp ?? false },
      roles: [],
    };
    p.roles.push(r.role);
    people.set(r.id, p);
  }
  return [...people.values()];
}
