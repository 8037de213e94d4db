import { and, asc, eq } from 'drizzle-orm';
import {
  returnCompleteness,
  type FullReturn,
  type PulledReturn,
  type StandardFields,
  type StandardNumber,
  type TrackedReturn,
} from '@s11/shared';
import type { Db } from '../../db/client';
import {
  actions,
  cycles,
  moderations,
  organisations,
  returns,
  standardResponses,
  users,
} from '../../db/schema';
import { notFound } from '../../http/problem';
import {
  standardFieldsOf,
  toAction,
  toModeration,
  toReturn,
  toStandardResponse,
} from '../../sync/records';

type ReturnRow = typeof returns.$inferSelect;
type CycleRow = typeof cycles.$inferSelect;
type OrganisationRow = typeof organisations.$inferSelect;

/** A return's cycle, as a return carries it. */
export function toReturnCycle(cy: CycleRow): PulledReturn['cycle'] {
  return {
    id: cy.id,
    name: cy.name,
    opensOn: cy.opensOn,
    dueOn: cy.dueOn,
    partnershipId: cy.partnershipId,
  };
}

/** A return's organisation, as a return carries it. */
export function toReturnOrganisation(o: OrganisationRow): PulledReturn['organisation'] {
  return { id: o.id, name: o.name, sector: o.sector, subType: o.subType };
}

/** A return with its cycle and organisation (the organisation's own list, as pull brings it). */
export function toPulledReturn(r: ReturnRow, cy: CycleRow, o: OrganisationRow): PulledReturn {
  return {
    ...toReturn(r),
    statusMessage: r.statusMessage,
    cycle: toReturnCycle(cy),
    organisation: toReturnOrganisation(o),
  };
}

/** A return in its cycle's tracker. */
export function toTrackedReturn(
  r: ReturnRow,
  o: OrganisationRow,
  progress: { completedStandards: number; lastRemindedAt: Date | null },
): TrackedReturn {
  return {
    id: r.id,
    organisationId: o.id,
    organisationName: o.name,
    sector: o.sector,
    subType: o.subType,
    variant: r.variant,
    status: r.status,
    contactName: o.contactName,
    contactEmail: o.contactEmail,
    updatedAt: r.updatedAt.toISOString(),
    completedStandards: progress.completedStandards,
    lastRemindedAt: progress.lastRemindedAt?.toISOString() ?? null,
  };
}

/** The whole return, as the organisation and the partnership both read it. */
export async function fullReturn(db: Db, returnId: string): Promise<FullReturn> {
  const [ret] = await db.select().from(returns).where(eq(returns.id, returnId));
  if (!ret) throw notFound('return');
  const [stds, acts, mods, [cycle], [org]] = await Promise.all([
    db
      .select()
      .from(standardResponses)
      .where(eq(standardResponses.returnId, returnId))
      .orderBy(asc(standardResponses.standard)),
    db
      .select()
      .from(actions)
      .where(and(eq(actions.returnId, returnId), eq(actions.deleted, false))),
    db
      .select({ m: moderations, name: users.name })
      .from(moderations)
      .innerJoin(users, eq(users.id, moderations.moderatedBy))
      .where(eq(moderations.returnId, returnId)),
    db.select().from(cycles).where(eq(cycles.id, ret.cycleId)),
    db.select().from(organisations).where(eq(organisations.id, ret.organisationId)),
  ]);
  const byNumber = Object.fromEntries(
    stds.map((s) => [s.standard, standardFieldsOf(s)]),
  ) as Partial<Record<StandardNumber, StandardFields>>;
  return {
    return: toReturn(ret),
    statusMessage: ret.statusMessage,
    updatedAt: ret.updatedAt.toISOString(),
    cycle: cycle ? toReturnCycle(cycle) : null,
    organisation: org ? toReturnOrganisation(org) : null,
    standards: stds.map(toStandardResponse),
    actions: acts.map(toAction),
    moderations: mods.map((x) => toModeration(x.m, x.name)),
    completeness: returnCompleteness(
      ret.variant,
      byNumber,
      acts.map((a) => ({ standard: a.standard, what: a.what })),
    ),
  };
}
