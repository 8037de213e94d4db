/**
 * Pull: every change the user may see with `seq` greater than the cursor, in
 * `seq` order, a page at a time. Covers the organisation's returns (status,
 * sign-off), standards, actions and the partnership's moderation.
 *
 * Paging is exact: each table is read up to `limit + 1` rows past the cursor;
 * the merged list is cut at `limit`, and the new cursor is the last `seq`
 * included, so nothing past it is lost (it comes in the next page).
 */
import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Change, PullResponse } from '@s11/shared';
import type { Db } from '../db/client';
import { actions, cycles, moderations, returns, standardResponses, users } from '../db/schema';
import type { Principal } from '../auth/principal';
import { organisationIdsOf, partnershipIdsOf } from '../auth/access';
import { toAction, toModeration, toReturn, toStandardResponse } from './records';

export const PULL_LIMIT = 500;

/** The ids of returns this principal may read, as a sub-query. */
function visibleReturnIds(db: Db, p: Principal) {
  const orgIds = organisationIdsOf(p);
  const pIds = partnershipIdsOf(p);
  const conditions: SQL[] = [];
  if (orgIds.length) conditions.push(inArray(returns.organisationId, orgIds));
  if (pIds.length) conditions.push(inArray(cycles.partnershipId, pIds));
  return db
    .select({ id: returns.id })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(conditions.length ? or(...conditions) : sql`false`);
}

export async function pull(
  db: Db,
  p: Principal,
  cursor: number,
  limit = PULL_LIMIT,
): Promise<PullResponse> {
  const visible = visibleReturnIds(db, p);
  const [rs, ss, as, ms] = await Promise.all([
    db
      .select()
      .from(returns)
      .where(and(gt(returns.seq, cursor), inArray(returns.id, visible)))
      .orderBy(asc(returns.seq))
      .limit(limit + 1),
    db
      .select()
      .from(standardResponses)
      .where(and(gt(standardResponses.seq, cursor), inArray(standardResponses.returnId, visible)))
      .orderBy(asc(standardResponses.seq))
      .limit(limit + 1),
    db
      .select()
      .from(actions)
      .where(and(gt(actions.seq, cursor), inArray(actions.returnId, visible)))
      .orderBy(asc(actions.seq))
      .limit(limit + 1),
    db
      .select({ m: moderations, name: users.name })
      .from(moderations)
      .innerJoin(users, eq(users.id, moderations.moderatedBy))
      .where(and(gt(moderations.seq, cursor), inArray(moderations.returnId, visible)))
      .orderBy(asc(moderations.seq))
      .limit(limit + 1),
  ]);
  const all: Change[] = [
    ...rs.map((r): Change => ({ kind: 'return', seq: r.seq, record: toReturn(r) })),
    ...ss.map((s): Change => ({ kind: 'standard', seq: s.seq, record: toStandardResponse(s) })),
    ...as.map((a): Change => ({ kind: 'action', seq: a.seq, record: toAction(a) })),
    ...ms.map((x): Change => ({
      kind: 'moderation',
      seq: x.m.seq,
      record: toModeration(x.m, x.name),
    })),
  ].sort((a, b) => a.seq - b.seq);

  // Rows written in one transaction share a seq: never split a seq across pages.
  let cut = Math.min(limit, all.length);
  while (cut < all.length && cut > 0 && all[cut]?.seq === all[cut - 1]?.seq) cut += 1;
  const page = all.slice(0, cut);
  const last = page[page.length - 1];
  return { changes: page, cursor: String(last ? last.seq : cursor), hasMore: all.length > cut };
}
