import { and, asc, eq } from 'drizzle-orm';
import { returnCompleteness, type StandardFields, type StandardNumber } from '@s11/shared';
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

/** The whole return, as the organisation and the partnership both read it. */
export async function fullReturn(db: Db, returnId: string) {
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
    cycle: cycle
      ? {
          id: cycle.id,
          name: cycle.name,
          opensOn: cycle.opensOn,
          dueOn: cycle.dueOn,
          partnershipId: cycle.partnershipId,
        }
      : null,
    organisation: org
      ? { id: org.id, name: org.name, sector: org.sector, subType: org.subType }
      : null,
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
