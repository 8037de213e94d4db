/**
 * What the analyst's workbook adds to the report's rows (issue 16): each
 * return's sign-off and last cycle's ratings, and each standard's answers
 * (light-form checks, free text, the partnership's comment). Read in pages by
 * keyset, like report-data.ts, so a national-scale cycle streams.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  STANDARD_NUMBERS,
  type CheckResponse,
  type Rag,
  type ReturnRow,
  type Sector,
  type SignOff,
  type StandardNumber,
  type Variant,
} from '@s11/shared';
import type { Db } from '../db/client';
import { moderations, organisations, returns, standardResponses } from '../db/schema';
import { returnRowPages } from './report-data';

const PAGE = 2000;

export interface ReturnDetail extends ReturnRow {
  signOff: Pick<SignOff, 'name' | 'jobTitle' | 'signedAt'> | null;
  /** The organisation's self-ratings in the cycle compared with (null: not in it). */
  previousSelf: (Rag | null)[] | null;
}

/** Every return with its sign-off and the compared cycle's self-ratings, a page at a time. */
export async function* returnDetailPages(
  db: Db,
  cycleId: string,
  previousCycleId: string | null,
): AsyncGenerator<ReturnDetail[]> {
  for await (const page of returnRowPages(db, cycleId)) {
    const ids = page.map((r) => r.returnId);
    const [signOffs, previous] = await Promise.all([
      db
        .select({ id: returns.id, signOff: returns.signOff })
        .from(returns)
        .where(inArray(returns.id, ids)),
      previousCycleId
        ? db
            .select({
              organisationId: returns.organisationId,
              standard: standardResponses.standard,
              rag: standardResponses.rag,
            })
            .from(returns)
            .leftJoin(standardResponses, eq(standardResponses.returnId, returns.id))
            .where(
              and(
                eq(returns.cycleId, previousCycleId),
                inArray(
                  returns.organisationId,
                  page.map((r) => r.organisationId),
                ),
              ),
            )
        : Promise.resolve([]),
    ]);
    const signed = new Map(signOffs.map((s) => [s.id, s.signOff]));
    const before = new Map<string, (Rag | null)[]>();
    for (const p of previous) {
      const ratings = before.get(p.organisationId) ?? STANDARD_NUMBERS.map(() => null);
      if (p.standard !== null) ratings[p.standard - 1] = p.rag;
      before.set(p.organisationId, ratings);
    }
    yield page.map((r) => {
      const s = signed.get(r.returnId);
      return {
        ...r,
        signOff: s ? { name: s.name, jobTitle: s.jobTitle, signedAt: s.signedAt } : null,
        previousSelf: before.get(r.organisationId) ?? null,
      };
    });
  }
}

/** One standard of one return, with what the organisation wrote and the partnership's view. */
export interface StandardAnswerRow {
  organisation: string;
  sector: Sector;
  subType: string | null;
  variant: Variant;
  standard: StandardNumber;
  currentPractice: string;
  evidence: string;
  gaps: string;
  ragReason: string;
  checks: Record<string, CheckResponse>;
  moderationComment: string;
}

/**
 * Every answered standard of the cycle, by organisation then standard, a page
 * at a time; `lightOnly` keeps the light form's returns (their checks).
 */
export async function* standardAnswerPages(
  db: Db,
  cycleId: string,
  { lightOnly = false, pageSize = PAGE }: { lightOnly?: boolean; pageSize?: number } = {},
): AsyncGenerator<StandardAnswerRow[]> {
  let after: { name: string; id: string; standard: number } | null = null;
  for (;;) {
    const keyset: SQL | undefined = after
      ? sql`(${organisations.name}, ${organisations.id}, ${standardResponses.standard}) > (${after.name}, ${after.id}::uuid, ${after.standard})`
      : undefined;
    const rows: (Omit<StandardAnswerRow, 'moderationComment'> & {
      organisationId: string;
      moderationComment: string | null;
    })[] = await db
      .select({
        organisationId: organisations.id,
        organisation: organisations.name,
        sector: organisations.sector,
        subType: organisations.subType,
        variant: returns.variant,
        standard: standardResponses.standard,
        currentPractice: standardResponses.currentPractice,
        evidence: standardResponses.evidence,
        gaps: standardResponses.gaps,
        ragReason: standardResponses.ragReason,
        checks: standardResponses.checks,
        moderationComment: moderations.comment,
      })
      .from(standardResponses)
      .innerJoin(returns, eq(returns.id, standardResponses.returnId))
      .innerJoin(organisations, eq(organisations.id, returns.organisationId))
      .leftJoin(
        moderations,
        and(
          eq(moderations.returnId, standardResponses.returnId),
          eq(moderations.standard, standardResponses.standard),
        ),
      )
      .where(
        and(
          eq(returns.cycleId, cycleId),
          lightOnly ? eq(returns.variant, 'light') : undefined,
          keyset,
        ),
      )
      .orderBy(asc(organisations.name), asc(organisations.id), asc(standardResponses.standard))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map(({ organisationId: _id, moderationComment, ...r }) => ({
      ...r,
      moderationComment: moderationComment ?? '',
    }));
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = { name: last.organisation, id: last.organisationId, standard: last.standard };
  }
}
