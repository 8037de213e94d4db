/**
 * Pull: every change the user may see with `seq` greater than the cursor, in
 * `seq` order, a page at a time. Covers the organisation's returns (status,
 * sign-off, the partnership's message, with their cycle and organisation),
 * standards, actions and the partnership's moderation.
 *
 * Paging is exact: each table is read up to `limit + 1` rows past the cursor;
 * the merged list is cut at `limit`, and the new cursor is the last `seq`
 * included, so nothing past it is lost (it comes in the next page).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Change, PullResponse, PulledReturn } from '@s11/shared';
import type { Db } from '../db/client';
import type { actions, moderations, returns, standardResponses } from '../db/schema';
import type { Principal } from '../auth/principal';
import { organisationIdsOf, partnershipIdsOf } from '../auth/access';
import { toAction, toModeration, toReturn, toStandardResponse } from './records';

export const PULL_LIMIT = 500;

type Row = Record<string, unknown>;
type Kind = Change['kind'];
const KIND_ORDER: Record<Kind, number> = { return: 0, standard: 1, action: 2, moderation: 3 };

/** Database column names (snake_case, as to_jsonb gives them) to the schema's property names. */
const camel = (o: Row): Row =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      v,
    ]),
  );

function toChange(kind: Kind, data: Row): Change {
  const row = camel(data);
  const seq = Number(row.seq);
  switch (kind) {
    case 'return':
      return {
        kind,
        seq,
        record: {
          ...toReturn({ ...row, seq } as typeof returns.$inferSelect),
          statusMessage: typeof row.statusMessage === 'string' ? row.statusMessage : '',
          cycle: row.cycle as PulledReturn['cycle'],
          organisation: row.organisation as PulledReturn['organisation'],
        },
      };
    case 'standard':
      return {
        kind,
        seq,
        record: toStandardResponse({ ...row, seq } as typeof standardResponses.$inferSelect),
      };
    case 'action':
      return { kind, seq, record: toAction({ ...row, seq } as typeof actions.$inferSelect) };
    case 'moderation':
      return {
        kind,
        seq,
        record: toModeration(
          {
            ...row,
            seq,
            moderatedAt: new Date(String(row.moderatedAt)),
          } as typeof moderations.$inferSelect,
          typeof row.moderatorName === 'string' ? row.moderatorName : '',
        ),
      };
  }
}

/**
 * One statement: the returns this principal may read (a CTE, computed once),
 * then up to `limit + 1` changed rows of each table past the cursor, as JSON.
 * One round trip instead of four keeps a pull cheap under load (figure 6 in
 * docs/benchmarks.md).
 */
export async function pull(
  db: Db,
  p: Principal,
  cursor: number,
  limit = PULL_LIMIT,
): Promise<PullResponse> {
  const list = (ids: string[]) =>
    sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
  const orgIds = organisationIdsOf(p);
  const pIds = partnershipIdsOf(p);
  const conditions: SQL[] = [];
  if (orgIds.length) conditions.push(sql`r.organisation_id in (${list(orgIds)})`);
  if (pIds.length) conditions.push(sql`c.partnership_id in (${list(pIds)})`);
  const visible = conditions.length ? sql.join(conditions, sql` or `) : sql`false`;
  const n = limit + 1;
  const result: unknown = await db.execute(sql`
    with v as (
      select r.id from returns r join cycles c on c.id = r.cycle_id where ${visible}
    )
    (select 'return' as kind, x.seq, to_jsonb(x) || jsonb_build_object(
        'cycle', jsonb_build_object('id', c.id, 'name', c.name, 'opensOn', c.opens_on,
          'dueOn', c.due_on, 'partnershipId', c.partnership_id),
        'organisation', jsonb_build_object('id', o.id, 'name', o.name, 'sector', o.sector,
          'subType', o.sub_type)) as data
      from returns x join cycles c on c.id = x.cycle_id join organisations o on o.id = x.organisation_id
      where x.seq > ${cursor} and x.id in (select id from v) order by x.seq limit ${n})
    union all
    (select 'standard', x.seq, to_jsonb(x) from standard_responses x
      where x.seq > ${cursor} and x.return_id in (select id from v) order by x.seq limit ${n})
    union all
    (select 'action', x.seq, to_jsonb(x) from actions x
      where x.seq > ${cursor} and x.return_id in (select id from v) order by x.seq limit ${n})
    union all
    (select 'moderation', x.seq, to_jsonb(x) || jsonb_build_object('moderator_name', u.name)
      from moderations x join users u on u.id = x.moderated_by
      where x.seq > ${cursor} and x.return_id in (select id from v) order by x.seq limit ${n})`);
  // Both drivers (pg and PGlite) answer `{ rows }`; jsonb arrives parsed.
  const rows = (result as { rows: { kind: Kind; data: Row | string }[] }).rows;
  const all = rows
    .map((r) => toChange(r.kind, typeof r.data === 'string' ? (JSON.parse(r.data) as Row) : r.data))
    .sort((a, b) => a.seq - b.seq || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);

  // Rows written in one transaction share a seq: never split a seq across pages.
  let cut = Math.min(limit, all.length);
  while (cut < all.length && cut > 0 && all[cut]?.seq === all[cut - 1]?.seq) cut += 1;
  const page = all.slice(0, cut);
  const last = page[page.length - 1];
  return { changes: page, cursor: String(last ? last.seq : cursor), hasMore: all.length > cut };
}
