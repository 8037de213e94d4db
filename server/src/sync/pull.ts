/**
 * Pull: every change the user may see past the cursor, in the order of the
 * transactions that wrote them, a page at a time. Covers the organisation's
 * returns (status, sign-off, the partnership's message, with their cycle and
 * organisation), standards, actions and the partnership's moderation.
 *
 * The cursor is a transaction id, `t<xid8>`: every change written by a
 * transaction older than it has been delivered. A pull reads only rows whose
 * `txid` is below the oldest transaction still running when its statement
 * began (`pg_snapshot_xmin`), so every transaction it reads from has finished
 * and is visible to it, and any transaction that commits later has a larger
 * id than the cursor it answers: no row is skipped and none comes twice,
 * without serialising writers (docs/decisions/018-pull-by-transaction-id.md).
 *
 * Paging is exact: each table is read up to `limit + 1` rows past the cursor;
 * the merged list is cut at `limit` (never inside one transaction's rows), and
 * the new cursor is just past the last transaction included, or the bound when
 * the page is the last.
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

/**
 * The transaction id a cursor starts from. A cursor without the `t` (a
 * version, from before ADR 018, or `0`) starts again from the beginning: the
 * device re-reads what it may see, as it does after a new membership.
 */
export function cursorTxid(cursor: string): string {
  return /^t\d{1,19}$/.test(cursor) ? cursor.slice(1) : '0';
}

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
  cursor: string,
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
  const from = cursorTxid(cursor);
  const result: unknown = await db.execute(sql`
    with b as (select pg_snapshot_xmin(pg_current_snapshot()) as hi),
    v as (
      select r.id from returns r join cycles c on c.id = r.cycle_id where ${visible}
    )
    (select 'return' as kind, x.txid::text as txid, to_jsonb(x) || jsonb_build_object(
        'cycle', jsonb_build_object('id', c.id, 'name', c.name, 'opensOn', c.opens_on,
          'dueOn', c.due_on, 'partnershipId', c.partnership_id),
        'organisation', jsonb_build_object('id', o.id, 'name', o.name, 'sector', o.sector,
          'subType', o.sub_type)) as data
      from returns x join cycles c on c.id = x.cycle_id join organisations o on o.id = x.organisation_id
      where x.txid >= ${from}::xid8 and x.txid < (select hi from b) and x.id in (select id from v)
      order by x.txid limit ${n})
    union all
    (select 'standard', x.txid::text, to_jsonb(x) from standard_responses x
      where x.txid >= ${from}::xid8 and x.txid < (select hi from b)
        and x.return_id in (select id from v) order by x.txid limit ${n})
    union all
    (select 'action', x.txid::text, to_jsonb(x) from actions x
      where x.txid >= ${from}::xid8 and x.txid < (select hi from b)
        and x.return_id in (select id from v) order by x.txid limit ${n})
    union all
    (select 'moderation', x.txid::text, to_jsonb(x) || jsonb_build_object('moderator_name', u.name)
      from moderations x join users u on u.id = x.moderated_by
      where x.txid >= ${from}::xid8 and x.txid < (select hi from b)
        and x.return_id in (select id from v) order by x.txid limit ${n})
    union all
    (select 'bound', (select hi from b)::text, null)`);
  // Both drivers (pg and PGlite) answer `{ rows }`; jsonb arrives parsed.
  const rows = (result as { rows: { kind: Kind | 'bound'; txid: string; data: Row | string }[] })
    .rows;
  const hi = BigInt(rows.find((r) => r.kind === 'bound')?.txid ?? from);
  const all = rows
    .flatMap((r) =>
      r.kind === 'bound'
        ? []
        : [
            {
              txid: BigInt(r.txid),
              change: toChange(
                r.kind,
                typeof r.data === 'string' ? (JSON.parse(r.data) as Row) : r.data,
              ),
            },
          ],
    )
    .sort(
      (a, b) =>
        (a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : 0) ||
        a.change.seq - b.change.seq ||
        KIND_ORDER[a.change.kind] - KIND_ORDER[b.change.kind],
    );

  // One transaction's rows are never split across pages.
  let cut = Math.min(limit, all.length);
  while (cut < all.length && cut > 0 && all[cut]?.txid === all[cut - 1]?.txid) cut += 1;
  const hasMore = all.length > cut;
  const last = all[cut - 1];
  const next = hasMore && last ? last.txid + 1n : hi;
  return {
    changes: all.slice(0, cut).map((x) => x.change),
    cursor: `t${String(next)}`,
    hasMore,
  };
}
