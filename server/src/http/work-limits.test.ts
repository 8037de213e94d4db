/**
 * Per-user limits on expensive work (push, reports, exports) hold under a
 * parallel burst on two app instances sharing one database; CSV imports and
 * their preview answers are capped; refused push items write no row each.
 * The limits themselves: docs/limits.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { IMPORT_LIMITS, type PushResponse } from '@s11/shared';
import { WORK_LIMITS } from '../auth/rate-limit';
import { openPostgres } from '../db/client';
import { appliedMutations, auditLog } from '../db/schema';
import {
  client,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';

let a: TestContext;
let b: TestContext;
let w: World;

beforeAll(async () => {
  a = await createTestContext();
  const shared = a.database.url
    ? { ...(await openPostgres(a.database.url, false)), url: a.database.url }
    : { ...a.database, close: () => Promise.resolve() };
  b = await createTestContext({ database: shared });
  w = await world(a.database.db);
});
afterAll(async () => {
  await b.close();
  await a.close();
});

/** The same session on instance b. */
function onB(c: ApiClient): ApiClient {
  const other = client(b.app);
  other.cookie = c.cookie;
  return other;
}
const either = (c: ApiClient, i: number) => (i % 2 ? c : onB(c));
const statusesOf = async (answers: Promise<{ status: number; headers: Headers }>[]) => {
  const all = await Promise.all(answers);
  for (const r of all)
    if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  return all.map((r) => r.status);
};
const count = (xs: number[], s: number) => xs.filter((x) => x === s).length;

describe('per-user limits on expensive work, on two instances', () => {
  it('push: at most 1,000 items a minute per user, whatever the batching; others unaffected', async () => {
    const editor = await client(a.app).login(w.people.editorA1.email);
    const junk = Array.from({ length: 200 }, () => ({ nonsense: true }));
    const statuses = await statusesOf(
      Array.from({ length: 8 }, (_, i) =>
        either(editor, i).post('/api/sync/push', { mutations: junk }),
      ),
    );
    const allowedBatches = WORK_LIMITS.push.limit / junk.length;
    expect(count(statuses, 200)).toBeLessThanOrEqual(allowedBatches);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(8 - allowedBatches);
    // Another user's device is not held up by this one.
    const other = await client(a.app).login(w.people.editorA2.email);
    expect((await other.post('/api/sync/push', { mutations: junk.slice(0, 5) })).status).toBe(200);
    // A device that waits as told gets through.
    a.advance(WORK_LIMITS.push.windowMs + 1000);
    b.advance(WORK_LIMITS.push.windowMs + 1000);
    expect((await editor.post('/api/sync/push', { mutations: junk.slice(0, 5) })).status).toBe(200);
  });

  it('exports: at most 10 a minute per user', async () => {
    const manager = await client(a.app).login(w.people.managerA.email);
    const statuses = await statusesOf(
      Array.from({ length: 16 }, (_, i) =>
        either(manager, i).get(`/api/cycles/${w.cycleA.id}/export/summary.csv`),
      ),
    );
    expect(count(statuses, 200)).toBeLessThanOrEqual(WORK_LIMITS.exports.limit);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(16 - WORK_LIMITS.exports.limit);
  });

  it('reports and roll-ups: at most 120 a minute per user', async () => {
    const viewer = await client(a.app).login(w.people.viewerA.email);
    const statuses = await statusesOf(
      Array.from({ length: 144 }, (_, i) =>
        either(viewer, i).get(
          i % 3 ? `/api/cycles/${w.cycleA.id}/report` : `/api/cycles/${w.cycleA.id}/rollup`,
        ),
      ),
    );
    expect(count(statuses, 200)).toBeLessThanOrEqual(WORK_LIMITS.reports.limit);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(144 - WORK_LIMITS.reports.limit);
  });
});

describe('refused push items', () => {
  it('write one audit row per batch and no stored answer each', async () => {
    const outsider = await client(a.app).login(w.people.editorB1.email);
    const returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
    const ids = Array.from({ length: 150 }, () => crypto.randomUUID());
    const res = await outsider.post<PushResponse>('/api/sync/push', {
      mutations: ids.map((mutationId) => ({
        mutationId,
        returnId,
        kind: 'standard',
        standard: 1,
        baseVersion: 0,
        changes: { gaps: 'not mine to change' },
      })),
    });
    expect(res.status).toBe(200);
    expect(res.body.results.every((r) => r.status === 'rejected' && r.problem.status === 404)).toBe(
      true,
    );
    const refused = await a.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'access_refused'), eq(auditLog.actorUserId, w.people.editorB1.id)),
      );
    expect(refused).toHaveLength(1);
    expect(refused[0]?.detail).toMatchObject({ items: 150, status: 404 });
    const stored = await a.database.db
      .select()
      .from(appliedMutations)
      .where(inArray(appliedMutations.mutationId, ids));
    expect(stored).toHaveLength(0);
  });
});

describe('CSV import caps', () => {
  const header = 'Name,Sector,Type,Form,Contact name,Contact email';
  let manager: ApiClient;
  beforeAll(async () => {
    manager = await client(a.app).login(w.people.managerA.email);
  });
  const importCsv = <T>(csv: string, dryRun = true) =>
    manager.request<T>('POST', `/api/partnerships/${w.pA.id}/organisations/import`, {
      csv,
      dryRun,
    });

  it(`refuses more than ${String(IMPORT_LIMITS.rows)} rows, saying how many are allowed`, async () => {
    const rows = Array.from(
      { length: IMPORT_LIMITS.rows + 1 },
      (_, i) => `Org ${String(i)},Health,,Full,,`,
    );
    const res = await importCsv<{ status: number; detail: string }>([header, ...rows].join('\n'));
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('5000');
  });

  it('refuses a file over 1 MB (in UTF-8 bytes) with a field message', async () => {
    // 0.6 M characters but 1.2 MB: the cap is on bytes.
    const csv = `${header}\n${'é'.repeat(600_000)},Health,,Full,,`;
    const res = await importCsv<{ errors: { path: string; message: string }[] }>(csv);
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ path: 'csv' });
    expect(res.body.errors[0]?.message).toMatch(/larger than 1 MB/);
  });

  it('keeps a preview of thousands of bad rows small: lists 200, counts the rest, cuts long cells', async () => {
    const huge = 'x'.repeat(100_000);
    const rows = [
      `Big Cell,${huge},,Full,,`,
      ...Array.from({ length: 2_999 }, (_, i) => `Org ${String(i)},Nowhere,,Full,,`),
    ];
    const res = await manager.request('POST', `/api/partnerships/${w.pA.id}/organisations/import`, {
      csv: [header, ...rows].join('\n'),
      dryRun: true,
    });
    expect(res.status).toBe(200);
    const bytes = JSON.stringify(res.body).length;
    expect(bytes).toBeLessThan(256 * 1024);
    const body = res.body as {
      total: number;
      problems: number;
      rows: { line: number; values: Record<string, string>; problems: string[] }[];
      unlisted: number;
      unlistedProblems: number;
    };
    expect(body).toMatchObject({
      total: 3_000,
      problems: 3_000,
      unlisted: 2_800,
      unlistedProblems: 2_800,
    });
    expect(body.rows).toHaveLength(IMPORT_LIMITS.listedRows);
    expect(body.rows[0]?.values.Sector?.length).toBeLessThanOrEqual(IMPORT_LIMITS.echoedChars + 1);
    expect(body.rows[0]?.problems.join(' ').length).toBeLessThan(1_000);

    const save = await importCsv<{ errors: { path: string; message: string }[] }>(
      [header, ...rows].join('\n'),
      false,
    );
    expect(save.status).toBe(422);
    expect(save.body.errors.length).toBe(IMPORT_LIMITS.listedRows + 1);
    expect(save.body.errors.at(-1)?.message).toBe('and 2800 more row(s) with problems');
  });
});
