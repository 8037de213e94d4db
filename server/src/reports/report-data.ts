/**
 * Everything the console and the exports report about a cycle, computed once
 * from the database with the shared roll-up functions, so the console, the
 * CSV, the workbook and the PDF always show the same numbers.
 */
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import {
  RETURNED_STATUSES,
  STANDARDS,
  STANDARD_NUMBERS,
  rollUp,
  share,
  type ActionRow,
  type CycleReport,
  type Rag,
  type ReturnRow,
  type Rollup,
  type ReturnStatus,
  type Sector,
  type StandardNumber,
} from '@s11/shared';
import type { Db } from '../db/client';

export type { ActionRow, CycleReport, ReturnRow };
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

async function loadRows(
  db: Db,
  cycleId: string,
): Promise<{ rows: ReturnRow[]; actionRows: ActionRow[] }> {
  const rs = await db
    .select({ r: returns, o: organisations })
    .from(returns)
    .innerJoin(organisations, eq(organisations.id, returns.organisationId))
    .where(eq(returns.cycleId, cycleId))
    .orderBy(asc(organisations.name));
  const ids = rs.map((x) => x.r.id);
  const [stds, mods, acts] = ids.length
    ? await Promise.all([
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
        db
          .select()
          .from(actions)
          .where(and(inArray(actions.returnId, ids), eq(actions.deleted, false))),
      ])
    : [[], [], []];
  const key = (r: string, s: number) => `${r}/${String(s)}`;
  const self = new Map(stds.map((s) => [key(s.returnId, s.standard), s.rag as Rag | null]));
  const mod = new Map(mods.map((m) => [key(m.returnId, m.standard), m.rag as Rag]));
  const byId = new Map(rs.map((x) => [x.r.id, x]));
  const today = new Date().toISOString().slice(0, 10);
  const rows = rs.map(({ r, o }) => ({
    returnId: r.id,
    organisationId: o.id,
    organisation: o.name,
    sector: o.sector as Sector,
    subType: o.subType,
    variant: r.variant,
    status: r.status as ReturnStatus,
    updatedAt: r.updatedAt.toISOString(),
    self: STANDARD_NUMBERS.map((n) => self.get(key(r.id, n)) ?? null),
    moderated: STANDARD_NUMBERS.map((n) => mod.get(key(r.id, n)) ?? null),
  }));
  const actionRows = acts.flatMap((a): ActionRow[] => {
    const x = byId.get(a.returnId);
    if (!x) return [];
    return [
      {
        returnId: a.returnId,
        organisation: x.o.name,
        sector: x.o.sector as Sector,
        subType: x.o.subType,
        standard: a.standard as StandardNumber,
        what: a.what,
        owner: a.owner,
        dueOn: a.dueOn,
        status: a.status,
        overdue: a.status !== 'done' && a.dueOn !== '' && a.dueOn < today,
      },
    ];
  });
  return { rows, actionRows };
}

const returned = (r: ReturnRow) => RETURNED_STATUSES.has(r.status);

function rollupOf(rows: ReturnRow[]): Rollup {
  return rollUp(
    rows.filter(returned).map((r) => ({
      returnId: r.returnId,
      organisationId: r.organisationId,
      sector: r.sector,
      ratings: STANDARD_NUMBERS.map((n, i) => ({
        standard: n,
        self: r.self[i] ?? null,
        moderated: r.moderated[i] ?? null,
      })),
    })),
  );
}

export async function buildCycleReport(
  db: Db,
  cycleId: string,
  now = new Date(),
): Promise<CycleReport> {
  const [cycle] = await db.select().from(cycles).where(eq(cycles.id, cycleId));
  if (!cycle) throw notFound('cycle');
  const [p] = await db.select().from(partnerships).where(eq(partnerships.id, cycle.partnershipId));
  const { rows, actionRows } = await loadRows(db, cycleId);
  const rollup = rollupOf(rows);

  const sectors = [...new Set(rows.map((r) => r.sector))].sort();
  const rate = (list: ReturnRow[]) => ({
    invited: list.length,
    returned: list.filter(returned).length,
  });
  const returnRates = [
    { sector: 'all' as const, ...rate(rows) },
    ...sectors.map((s) => ({ sector: s, ...rate(rows.filter((r) => r.sector === s)) })),
  ].map((x) => ({ ...x, percent: share(x.returned, x.invited) }));
  const statusCounts = {
    not_started: 0,
    in_progress: 0,
    submitted: 0,
    returned_for_changes: 0,
    accepted: 0,
  } as Record<ReturnStatus, number>;
  for (const r of rows) statusCounts[r.status] += 1;

  const ey = rows.filter((r) => r.sector === 'early_years');
  const eyReturned = ey.filter(returned);
  const eyActions = actionRows.filter(
    (a) => a.sector === 'early_years' && eyReturned.some((r) => r.returnId === a.returnId),
  );
  const settingsWithActions = new Set(eyActions.map((a) => a.returnId));
  const themeCounts = STANDARD_NUMBERS.map((n) => ({
    standard: n,
    title: STANDARDS[n - 1]?.title ?? '',
    settings: new Set(eyActions.filter((a) => a.standard === n).map((a) => a.returnId)).size,
  }))
    .filter((t) => t.settings > 0)
    .sort((a, b) => b.settings - a.settings || a.standard - b.standard);
  const subTypes = [...new Set(ey.map((r) => r.subType ?? 'unspecified'))].sort();

  const open = actionRows
    .filter((a) => a.status !== 'done')
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        (a.dueOn || '9999').localeCompare(b.dueOn || '9999'),
    );
  const byStandard = Object.fromEntries(
    STANDARD_NUMBERS.map((n) => [n, open.filter((a) => a.standard === n).length]),
  ) as Record<StandardNumber, number>;
  const bySector: Partial<Record<Sector, number>> = {};
  for (const a of open) bySector[a.sector] = (bySector[a.sector] ?? 0) + 1;

  const areasForDevelopment = STANDARD_NUMBERS.map((n) => ({
    standard: n,
    title: STANDARDS[n - 1]?.title ?? '',
    greenPercent: rollup.self.byStandard[n].percent.green,
  }))
    .filter(() => rollup.returns > 0)
    .sort((a, b) => a.greenPercent - b.greenPercent || a.standard - b.standard)
    .slice(0, 3);

  const [prevCycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.partnershipId, cycle.partnershipId), lt(cycles.opensOn, cycle.opensOn)))
    .orderBy(desc(cycles.opensOn))
    .limit(1);
  let previous: CycleReport['previous'] = null;
  if (prevCycle) {
    const prev = await loadRows(db, prevCycle.id);
    previous = {
      cycle: { id: prevCycle.id, name: prevCycle.name },
      rollup: rollupOf(prev.rows),
      returned: prev.rows.filter(returned).length,
      invited: prev.rows.length,
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
      bySettingType: subTypes.map((st) => ({
        subType: st,
        ...rate(ey.filter((r) => (r.subType ?? 'unspecified') === st)),
      })),
      returned: eyReturned.length,
      withActions: settingsWithActions.size,
      percentWithActions: share(settingsWithActions.size, eyReturned.length),
      themes: themeCounts,
    },
    actions: { open, byStandard, bySector, overdue: open.filter((a) => a.overdue).length },
    areasForDevelopment,
    previous,
    returns: rows,
  };
}
