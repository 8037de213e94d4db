/**
 * Everything the console and the exports report about a cycle, from one
 * place, so the console, the CSV, the workbook and the PDF always show the
 * same numbers.
 *
 * Built to cost the same at national scale as for one partnership:
 * - the summary (roll-up, return rates, early years, action counts) is counted
 *   by the database with GROUP BY queries, never by loading rows;
 * - the row lists (every return, every open action) are read in pages by
 *   keyset, so an export streams 100,000 returns without holding them, and no
 *   query ever carries more bind parameters than a page.
 */
import { and, asc, count, desc, eq, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  RETURNED_STATUSES,
  STANDARDS,
  STANDARD_NUMBERS,
  share,
  type ActionRow,
  type ActionsSummary,
  type CycleReport,
  type CycleSummary,
  type ReturnRow,
  type ReturnStatus,
  type Sector,
  type StandardNumber,
} from '@s11/shared';
import type { Db } from '../db/client';
import {
  actions,
  cycles,
  moderations,
  organisations,
  partnerships,
  returns,
  standardResponses,
} from '../db/schema';
import { notFound } from '../http/problem';
import { rollupForCycle } from './rollup-query';

export type { ActionRow, CycleReport, CycleSummary, ReturnRow };

const PAGE = 2000;
const returnedStatuses = [...RETURNED_STATUSES];
const isReturned = inArray(returns.status, returnedStatuses);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Every return of the cycle, by organisation name, a page at a time. */
export async function* returnRowPages(
  db: Db,
  cycleId: string,
  pageSize = PAGE,
): AsyncGenerator<ReturnRow[]> {
  let after: { name: string; id: string } | null = null;
  for (;;) {
    // A row comparison, so the index on (name, id) seeks straight to the page.
    const keyset: SQL | undefined = after
      ? sql`(${organisations.name}, ${organisations.id}) > (${after.name}, ${after.id}::uuid)`
      : undefined;
    const rs: { r: typeof returns.$inferSelect; o: typeof organisations.$inferSelect }[] = await db
      .select({ r: returns, o: organisations })
      .from(returns)
      .innerJoin(organisations, eq(organisations.id, returns.organisationId))
      .where(and(eq(returns.cycleId, cycleId), keyset))
      .orderBy(asc(organisations.name), asc(organisations.id))
      .limit(pageSize);
    if (rs.length === 0) return;
    const ids = rs.map((x) => x.r.id);
    const [stds, mods] = await Promise.all([
      db
        .select({
          returnId: standardResponses.returnId,
          standard: standardResponses.standard,
          rag: standardResponses.rag,
        })
        .from(standardResponses)
        .where(inArray(standardResponses.returnId, ids)),
      db
        .select({
          returnId: moderations.returnId,
          standard: moderations.standard,
          rag: moderations.rag,
        })
        .from(moderations)
        .where(inArray(moderations.returnId, ids)),
    ]);
    const key = (r: string, s: number) => `${r}/${String(s)}`;
    const self = new Map(stds.map((s) => [key(s.returnId, s.standard), s.rag]));
    const mod = new Map(mods.map((m) => [key(m.returnId, m.standard), m.rag]));
    yield rs.map(({ r, o }) => ({
      returnId: r.id,
      organisationId: o.id,
      organisation: o.name,
      sector: o.sector,
      subType: o.subType,
      variant: r.variant,
      status: r.status,
      updatedAt: r.updatedAt.toISOString(),
      self: STANDARD_NUMBERS.map((n) => self.get(key(r.id, n)) ?? null),
      moderated: STANDARD_NUMBERS.map((n) => mod.get(key(r.id, n)) ?? null),
    }));
    const last = rs[rs.length - 1];
    if (!last || rs.length < pageSize) return;
    // A cycle has one return per organisation, so (name, organisation id) is a unique key.
    after = { name: last.o.name, id: last.o.id };
  }
}

/** Open actions, overdue first, then by due date (none last), a page at a time. */
export async function* openActionPages(
  db: Db,
  cycleId: string,
  now: Date,
  pageSize = PAGE,
): AsyncGenerator<ActionRow[]> {
  const today = dayOf(now);
  // The sort key as SQL so the keyset and the ORDER BY agree exactly.
  const late = sql<number>`(case when ${actions.dueOn} <> '' and ${actions.dueOn} < ${today} then 0 else 1 end)`;
  const due = sql<string>`(case when ${actions.dueOn} = '' then '9999' else ${actions.dueOn} end)`;
  let after: { late: number; due: string; id: string } | null = null;
  for (;;) {
    const keyset: SQL | undefined = after
      ? sql`(${late}, ${due}, ${actions.id}) > (${after.late}, ${after.due}, ${after.id})`
      : undefined;
    const rows: {
      a: typeof actions.$inferSelect;
      o: typeof organisations.$inferSelect;
      late: number;
      due: string;
    }[] = await db
      .select({ a: actions, o: organisations, late, due })
      .from(actions)
      .innerJoin(returns, eq(returns.id, actions.returnId))
      .innerJoin(organisations, eq(organisations.id, returns.organisationId))
      .where(
        and(
          eq(returns.cycleId, cycleId),
          eq(actions.deleted, false),
          ne(actions.status, 'done'),
          keyset,
        ),
      )
      .orderBy(late, due, asc(actions.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map(({ a, o, late: l }) => ({
      returnId: a.returnId,
      organisation: o.name,
      sector: o.sector,
      subType: o.subType,
      standard: a.standard,
      what: a.what,
      owner: a.owner,
      dueOn: a.dueOn,
      status: a.status,
      overdue: Number(l) === 0,
    }));
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = { late: Number(last.late), due: last.due, id: last.a.id };
  }
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

/** Invited and returned, by sector, status and setting type: one small GROUP BY. */
async function returnCounts(db: Db, cycleId: string) {
  return db
    .select({
      sector: organisations.sector,
      subType: organisations.subType,
      status: returns.status,
      n: count(),
    })
    .from(returns)
    .innerJoin(organisations, eq(organisations.id, returns.organisationId))
    .where(eq(returns.cycleId, cycleId))
    .groupBy(organisations.sector, organisations.subType, returns.status);
}

async function actionsSummary(db: Db, cycleId: string, now: Date): Promise<ActionsSummary> {
  const today = dayOf(now);
  const overdue = sql<boolean>`(${actions.dueOn} <> '' and ${actions.dueOn} < ${today})`;
  const rows = await db
    .select({ standard: actions.standard, sector: organisations.sector, overdue, n: count() })
    .from(actions)
    .innerJoin(returns, eq(returns.id, actions.returnId))
    .innerJoin(organisations, eq(organisations.id, returns.organisationId))
    .where(
      and(eq(returns.cycleId, cycleId), eq(actions.deleted, false), ne(actions.status, 'done')),
    )
    // By position: a repeated expression would carry its own bind parameter and not match.
    .groupBy(sql`1`, sql`2`, sql`3`);
  const byStandard = Object.fromEntries(STANDARD_NUMBERS.map((n) => [n, 0])) as Record<
    StandardNumber,
    number
  >;
  const bySector: Partial<Record<Sector, number>> = {};
  let openCount = 0;
  let late = 0;
  for (const r of rows) {
    const n = Number(r.n);
    openCount += n;
    if (r.overdue) late += n;
    const s = r.standard;
    if (s in byStandard) byStandard[s] += n;
    const sector = r.sector;
    bySector[sector] = (bySector[sector] ?? 0) + n;
  }
  return { openCount, byStandard, bySector, overdue: late };
}

/** Returned early-years settings with at least one action, overall and by standard. */
async function earlyYearsActions(db: Db, cycleId: string) {
  const base = and(
    eq(returns.cycleId, cycleId),
    eq(organisations.sector, 'early_years'),
    isReturned,
    eq(actions.deleted, false),
  );
  // One query: a row per standard, and (standard null) the total over all standards.
  const rows = await db
    .select({
      standard: sql<number | null>`${actions.standard}`,
      settings: sql<number>`count(distinct ${returns.id})`,
    })
    .from(actions)
    .innerJoin(returns, eq(returns.id, actions.returnId))
    .innerJoin(organisations, eq(organisations.id, returns.organisationId))
    .where(base)
    .groupBy(sql`grouping sets ((${actions.standard}), ())`);
  const total = rows.find((r) => r.standard === null);
  return {
    byStandard: rows.flatMap((r) =>
      r.standard === null ? [] : [{ standard: Number(r.standard), settings: r.settings }],
    ),
    withActions: Number(total?.settings ?? 0),
  };
}

export async function buildCycleSummary(
  db: Db,
  cycleId: string,
  now = new Date(),
): Promise<CycleSummary> {
  const [cycle] = await db.select().from(cycles).where(eq(cycles.id, cycleId));
  if (!cycle) throw notFound('cycle');
  const [[p], counts, rollup, actionCounts, ey, [prevCycle]] = await Promise.all([
    db.select().from(partnerships).where(eq(partnerships.id, cycle.partnershipId)),
    returnCounts(db, cycleId),
    rollupForCycle(db, cycleId),
    actionsSummary(db, cycleId, now),
    earlyYearsActions(db, cycleId),
    // Compared with the partnership's last closed cycle: one that was due
    // before this one opened. An earlier cycle still running beside this one
    // (other organisations, returns still coming) is not a fair comparison.
    db
      .select()
      .from(cycles)
      .where(and(eq(cycles.partnershipId, cycle.partnershipId), lt(cycles.dueOn, cycle.opensOn)))
      .orderBy(desc(cycles.dueOn), desc(cycles.opensOn))
      .limit(1),
  ]);

  const statusCounts: Record<ReturnStatus, number> = {
    not_started: 0,
    in_progress: 0,
    submitted: 0,
    returned_for_changes: 0,
    accepted: 0,
  };
  const rates = new Map<Sector | 'all', { invited: number; returned: number }>([
    ['all', { invited: 0, returned: 0 }],
  ]);
  const eyTypes = new Map<string, { invited: number; returned: number }>();
  for (const c of counts) {
    const n = Number(c.n);
    const status = c.status;
    const back = RETURNED_STATUSES.has(status) ? n : 0;
    statusCounts[status] += n;
    for (const k of ['all', c.sector] as const) {
      const r = rates.get(k) ?? { invited: 0, returned: 0 };
      r.invited += n;
      r.returned += back;
      rates.set(k, r);
    }
    if (c.sector === 'early_years') {
      const k = c.subType ?? 'unspecified';
      const r = eyTypes.get(k) ?? { invited: 0, returned: 0 };
      r.invited += n;
      r.returned += back;
      eyTypes.set(k, r);
    }
  }
  const returnRates = [...rates.entries()]
    .sort(([a], [b]) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)))
    .map(([sector, r]) => ({ sector, ...r, percent: share(r.returned, r.invited) }));
  const eyReturned = [...eyTypes.values()].reduce((s, r) => s + r.returned, 0);

  const themes = ey.byStandard
    .map((t) => ({
      standard: t.standard as StandardNumber,
      title: STANDARDS[t.standard - 1]?.title ?? '',
      settings: Number(t.settings),
    }))
    .filter((t) => t.settings > 0)
    .sort((a, b) => b.settings - a.settings || a.standard - b.standard);

  const areasForDevelopment = STANDARD_NUMBERS.map((n) => ({
    standard: n,
    title: STANDARDS[n - 1]?.title ?? '',
    greenPercent: rollup.self.byStandard[n].percent.green,
  }))
    .filter(() => rollup.returns > 0)
    .sort((a, b) => a.greenPercent - b.greenPercent || a.standard - b.standard)
    .slice(0, 3);

  let previous: CycleSummary['previous'] = null;
  if (prevCycle) {
    const earlier = alias(returns, 'earlier');
    const [prevRates, prevRollup, [both]] = await Promise.all([
      db
        .select({
          invited: count(),
          returned: count(sql`case when ${isReturned} then 1 end`),
        })
        .from(returns)
        .where(eq(returns.cycleId, prevCycle.id)),
      rollupForCycle(db, prevCycle.id),
      // Organisations invited to both cycles: how like-for-like the comparison is.
      db
        .select({ n: count() })
        .from(returns)
        .innerJoin(
          earlier,
          and(
            eq(earlier.organisationId, returns.organisationId),
            eq(earlier.cycleId, prevCycle.id),
          ),
        )
        .where(eq(returns.cycleId, cycleId)),
    ]);
    previous = {
      cycle: { id: prevCycle.id, name: prevCycle.name },
      rollup: prevRollup,
      returned: Number(prevRates[0]?.returned ?? 0),
      invited: Number(prevRates[0]?.invited ?? 0),
      inBoth: Number(both?.n ?? 0),
    };
  }

  return {
    partnership: { id: p?.id ?? '', name: p?.name ?? '' },
    cycle: { id: cycle.id, name: cycle.name, opensOn: cycle.opensOn, dueOn: cycle.dueOn },
    generatedAt: now.toISOString(),
    rollup,
    returnRates,
    statusCounts,
    earlyYears: {
      bySettingType: [...eyTypes.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([subType, r]) => ({ subType, ...r })),
      returned: eyReturned,
      withActions: ey.withActions,
      percentWithActions: share(ey.withActions, eyReturned),
      themes,
    },
    actions: actionCounts,
    areasForDevelopment,
    previous,
  };
}

/** The summary with every return and every open action: what the console reads. */
export async function buildCycleReport(
  db: Db,
  cycleId: string,
  now = new Date(),
): Promise<CycleReport> {
  const summary = await buildCycleSummary(db, cycleId, now);
  const [rows, open] = await Promise.all([
    collect(returnRowPages(db, cycleId)),
    collect(openActionPages(db, cycleId, now)),
  ]);
  return { ...summary, actions: { ...summary.actions, open }, returns: rows };
}
