/**
 * Inviting organisations to a cycle: one check and one de-duplication for
 * both ways in (opening a cycle with invitations, and inviting more later).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Variant } from '@s11/shared';
import type { Db } from '../../db/client';
import { organisationPartnerships, organisations, returns } from '../../db/schema';
import { HttpProblem } from '../../http/problem';
import type { LockedTx } from '../../sync/write-lock';

export interface Invitation {
  organisationId: string;
  variant?: Variant | undefined;
}

/** Invitations checked against the partnership: each organisation's usual form, by id. */
export type CheckedInvitations = ReadonlyMap<string, Variant>;

/**
 * Every invited organisation must belong to the partnership; a 422 names
 * each one that does not (by its index in `invitations`). Read before the
 * write lock is taken, so a long list does not hold it.
 */
export async function checkInvitations(
  db: Db,
  partnershipId: string,
  invitations: readonly Invitation[],
): Promise<CheckedInvitations> {
  const ids = [...new Set(invitations.map((i) => i.organisationId))];
  const members = ids.length
    ? await db
        .select({ id: organisations.id, usualVariant: organisations.usualVariant })
        .from(organisations)
        .innerJoin(
          organisationPartnerships,
          eq(organisationPartnerships.organisationId, organisations.id),
        )
        .where(
          and(
            eq(organisationPartnerships.partnershipId, partnershipId),
            inArray(organisations.id, ids),
          ),
        )
    : [];
  const known = new Map(members.map((o) => [o.id, o.usualVariant]));
  const unknown = invitations
    .map((inv, i) => ({ inv, i }))
    .filter(({ inv }) => !known.has(inv.organisationId));
  if (unknown.length) {
    throw new HttpProblem(
      422,
      'Some organisations cannot be invited',
      'Only organisations in this partnership can be invited.',
      unknown.map(({ i }) => ({
        path: `invitations.${String(i)}.organisationId`,
        message: 'Not an organisation of this partnership',
      })),
    );
  }
  return known;
}

/**
 * Creates a not-started return for each invited organisation that has none
 * in this cycle yet. An organisation listed twice is invited once, with the
 * form of its first listing; one already invited is left as it is. Returns
 * how many were invited. Runs inside the caller's write lock.
 */
export async function inviteToCycle(
  l: LockedTx,
  cycle: { id: string; catalogueVersion: string },
  invitations: readonly Invitation[],
  checked: CheckedInvitations,
): Promise<number> {
  const ids = [...new Set(invitations.map((i) => i.organisationId))];
  if (!ids.length) return 0;
  const existing = await l.tx
    .select({ org: returns.organisationId })
    .from(returns)
    .where(and(eq(returns.cycleId, cycle.id), inArray(returns.organisationId, ids)));
  const skip = new Set(existing.map((e) => e.org));
  const fresh = invitations.filter((inv) => {
    if (skip.has(inv.organisationId)) return false;
    skip.add(inv.organisationId);
    return true;
  });
  if (!fresh.length) return 0;
  const seq = await l.nextSeq();
  const rows = fresh.map((inv): typeof returns.$inferInsert => ({
    id: crypto.randomUUID(),
    cycleId: cycle.id,
    organisationId: inv.organisationId,
    variant: inv.variant ?? checked.get(inv.organisationId) ?? 'full',
    status: 'not_started',
    catalogueVersion: cycle.catalogueVersion,
    seq,
  }));
  // In slices: one statement's parameters are limited (5,000 invitations x 7 columns).
  for (let i = 0; i < rows.length; i += 500)
    await l.tx.insert(returns).values(rows.slice(i, i + 500));
  return fresh.length;
}
