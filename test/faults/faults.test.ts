/**
 * Fault injection. Each case states the fault and asserts the invariant: every
 * edit is either on the server or still in the device's outbox, never lost
 * and never applied twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { inArray, sql } from 'drizzle-orm';
import { appliedMutations, auditLog } from '@s11/server/schema';
import { createApp, openPostgres } from '@s11/server';
import {
  TEST_PASSWORD,
  client,
  createTestContext,
  world,
  type TestContext,
  type World,
} from '@s11/server/testing';
import {
  Api,
  SyncEngine,
  openOfflineDb,
  retryRefusedChange,
  saveStandard,
  type OfflineDb,
} from '@s11/web/offline-core';
import { faultyNetwork, type FaultyNetwork } from '../support/faulty-network';

let t: TestContext;
let w: World;
let returnId: string;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
});
afterAll(() => t.close());

interface Dev {
  db: OfflineDb;
  net: FaultyNetwork;
  api: Api;
  engine: SyncEngine;
}

async function device(email = w.people.editorA1.email, timeoutMs = 2000): Promise<Dev> {
  const net = faultyNetwork(t.app);
  const api = new Api({ fetch: net.fetch, baseUrl: 'http://localhost', timeoutMs });
  await api.post('/api/auth/login', { email, password: TEST_PASSWORD });
  const db = openOfflineDb(`fault-${crypto.randomUUID()}`, new IDBFactory(), IDBKeyRange);
  return {
    db,
    net,
    api,
    engine: new SyncEngine(db, api, { saveDelayMs: 60_000, maxBackoffMs: 60_000 }),
  };
}

async function serverField(standard: number, field: string): Promise<unknown> {
  const c = await client(t.app).login(w.people.managerA.email);
  const res = await c.get<{ standards: { standard: number; fields: Record<string, unknown> }[] }>(
    `/api/returns/${returnId}`,
  );
  return res.body.standards.find((s) => s.standard === standard)?.fields[field];
}

/** The invariant: each mutation id is still in the outbox, or applied on the server exactly once. */
async function expectNothingLost(d: Dev, ids: string[]): Promise<void> {
  const inOutbox = new Set((await d.db.outbox.toArray()).map((e) => e.mutationId));
  const applied = ids.length
    ? await t.database.db
        .select()
        .from(appliedMutations)
        .where(inArray(appliedMutations.mutationId, ids))
    : [];
  const onServer = new Map(applied.map((a) => [a.mutationId, a]));
  for (const id of ids)
    expect(inOutbox.has(id) || onServer.has(id), `mutation ${id} lost`).toBe(true);
}

const outboxIds = async (d: Dev) => (await d.db.outbox.toArray()).map((e) => e.mutationId);

/**
 * A server fault the client cannot see coming: every write of a standard whose
 * current practice is 'FAIL ME' raises inside the database (a 500), until healed.
 */
async function failWritesOfFailMe(): Promise<void> {
  await t.database.db.execute(sql`
    create or replace function fail_on_magic() returns trigger language plpgsql as $$
    begin
      if new.current_practice = 'FAIL ME' then raise exception 'injected fault'; end if;
      return new;
    end $$;`);
  await t.database.db.execute(
    sql`create trigger fail_on_magic before insert or update on standard_responses for each row execute function fail_on_magic()`,
  );
}

async function healWrites(): Promise<void> {
  await t.database.db.execute(sql`drop trigger fail_on_magic on standard_responses`);
}

describe('faults', () => {
  it('the same push sent twice, and ten times at once: applied once', async () => {
    const d = await device();
    await saveStandard(d.db, returnId, 1, { gaps: 'sent many times' });
    const [entry] = await d.db.outbox.toArray();
    const body = { mutations: [entry?.mutation] };
    await d.api.post('/api/sync/push', body);
    await Promise.all(Array.from({ length: 10 }, () => d.api.post('/api/sync/push', body)));
    const changes = await t.database.db
      .select()
      .from(auditLog)
      .where(
        sql`${auditLog.entityId} = ${`${returnId}/1`} and ${auditLog.action} = 'return_changed'`,
      );
    expect(
      changes.filter((c) => (c.detail as { fields?: string[] }).fields?.includes('gaps')),
    ).toHaveLength(1);
    await d.engine.syncNow();
    await expectNothingLost(d, [entry?.mutationId ?? '']);
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('the response lost after the server committed, then retried: applied once, removed from the outbox', async () => {
    const d = await device();
    await saveStandard(d.db, returnId, 2, { evidence: 'answer lost on the way back' });
    const ids = await outboxIds(d);
    d.net.dropNextResponse = true;
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(1);
    await expectNothingLost(d, ids);
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    expect(await serverField(2, 'evidence')).toBe('answer lost on the way back');
    expect(
      await t.database.db
        .select()
        .from(appliedMutations)
        .where(inArray(appliedMutations.mutationId, ids)),
    ).toHaveLength(1);
  });

  it('the same mutation id with a different payload: refused, kept for the user, nothing changed', async () => {
    const d = await device();
    await saveStandard(d.db, returnId, 3, { gaps: 'original payload' });
    await d.engine.syncNow();
    const [applied] = await t.database.db
      .select()
      .from(appliedMutations)
      .orderBy(sql`created_at desc`)
      .limit(1);
    await d.db.outbox.add({
      mutationId: applied?.mutationId ?? '',
      returnId,
      mutation: {
        mutationId: applied?.mutationId ?? '',
        returnId,
        kind: 'standard',
        standard: 3,
        baseVersion: 0,
        changes: { gaps: 'tampered payload' },
      },
      attempts: 0,
      state: 'pending',
      createdAt: Date.now(),
    });
    await d.engine.syncNow();
    const [kept] = await d.db.outbox.toArray();
    expect(kept).toMatchObject({ state: 'attention', problem: { status: 422 } });
    expect(await serverField(3, 'gaps')).toBe('original payload');
  });

  it('a server error on item 3 of a 10-item batch: the other nine apply, item 3 waits and applies later', async () => {
    await failWritesOfFailMe();
    const d = await device();
    for (let i = 1; i <= 10; i++) {
      // Consecutive edits to different standards never coalesce: ten separate mutations.
      await saveStandard(
        d.db,
        returnId,
        (((i - 1) % 8) + 1) as 1,
        i === 3 ? { currentPractice: 'FAIL ME' } : { ragReason: `item ${String(i)}` },
      );
    }
    const ids = await outboxIds(d);
    expect(ids).toHaveLength(10);
    await d.engine.syncNow();
    expect(d.engine.getState().phase).toBe('error');
    const left = await d.db.outbox.toArray();
    expect(
      left.map((e) => e.mutation.kind === 'standard' && e.mutation.changes.currentPractice),
    ).toEqual(['FAIL ME']);
    await expectNothingLost(d, ids);
    await healWrites();
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    expect(await serverField(3, 'currentPractice')).toBe('FAIL ME');
    await expectNothingLost(d, ids);
  });

  it('a change the server keeps failing: sent again with back-off, then kept for the user after a bounded number of tries, while pulls go on; sent again at their word', async () => {
    await failWritesOfFailMe();
    const d = await device();
    const engine = new SyncEngine(d.db, d.api, {
      saveDelayMs: 60_000,
      maxBackoffMs: 60_000,
      maxServerErrors: 3,
    });
    const other = await device(w.people.editorA1.email);
    await saveStandard(d.db, returnId, 6, { currentPractice: 'FAIL ME' });
    const ids = await outboxIds(d);

    for (let i = 1; i <= 2; i++) {
      await engine.syncNow();
      const [entry] = await d.db.outbox.toArray();
      expect(entry).toMatchObject({ state: 'pending', serverErrors: i });
    }
    // Meanwhile another device (up to date first) saves a change: this device still hears of it.
    await other.engine.syncNow();
    await saveStandard(other.db, returnId, 7, { ragReason: 'from the other device' });
    await other.engine.syncNow();
    expect(await other.db.outbox.count()).toBe(0);

    await engine.syncNow();
    const [kept] = await d.db.outbox.toArray();
    expect(kept).toMatchObject({ state: 'attention', serverErrors: 3, problem: { status: 500 } });
    expect((await d.db.standards.get([returnId, 7]))?.server.ragReason).toBe(
      'from the other device',
    );
    expect(engine.getState().attention).toBe(1);

    // No longer sent on its own: the next rounds leave it as it is.
    await engine.syncNow();
    expect((await d.db.outbox.toArray())[0]).toMatchObject({
      state: 'attention',
      attempts: kept?.attempts,
    });
    await expectNothingLost(d, ids);

    // The fault is mended; the user says "Try again".
    await healWrites();
    await retryRefusedChange(d.db, kept?.seq ?? -1);
    await engine.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    expect(await serverField(6, 'currentPractice')).toBe('FAIL ME');
    expect(engine.getState().attention).toBe(0);
  });

  it('the database down: 503 with Retry-After, and the device keeps its edits', async () => {
    const deadDb = await openPostgres('postgres://nobody@127.0.0.1:1/none', false, 1);
    const deadApp = createApp({ ...t.deps, database: deadDb });
    const res = await deadApp.request('/api/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const d = await device();
    await saveStandard(d.db, returnId, 4, { gaps: 'written while the database was down' });
    const ids = await outboxIds(d);
    d.net.app = deadApp;
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(1);
    await expectNothingLost(d, ids);
    d.net.app = t.app;
    await d.engine.syncNow();
    expect(await serverField(4, 'gaps')).toBe('written while the database was down');
    await deadDb.close().catch(() => undefined);
  });

  it('a network that accepts connections and never answers: times out, backs off, keeps the edit', async () => {
    const d = await device(undefined, 200);
    await saveStandard(d.db, returnId, 5, { gaps: 'hanging network' });
    d.net.hang = true;
    const started = Date.now();
    d.engine.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(d.engine.getState().phase).toBe('offline');
    // No spinning: over the next three seconds the back-off allows only a few tries.
    const before = d.net.requests;
    await new Promise((r) => setTimeout(r, 3000));
    expect(d.net.requests - before).toBeLessThanOrEqual(3);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await d.db.outbox.count()).toBe(1);
    d.net.hang = false;
    await d.engine.syncNow();
    d.engine.stop();
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('a captive portal answering 200 with HTML is not taken as success', async () => {
    const d = await device();
    await saveStandard(d.db, returnId, 6, { gaps: 'behind a captive portal' });
    d.net.captivePortal = true;
    await d.engine.syncNow();
    expect(d.engine.getState().phase).toBe('offline');
    expect(await d.db.outbox.count()).toBe(1);
    d.net.captivePortal = false;
    await d.engine.syncNow();
    expect(await serverField(6, 'gaps')).toBe('behind a captive portal');
  });

  it('the session expiring mid-sync (401), then signing in again: nothing dropped', async () => {
    const d = await device();
    await saveStandard(d.db, returnId, 7, { gaps: 'edited as the session ended' });
    await d.api.post('/api/auth/logout');
    await d.engine.syncNow();
    expect(d.engine.getState().phase).toBe('signed-out');
    expect(await d.db.outbox.count()).toBe(1);
    await d.api.post('/api/auth/login', {
      email: w.people.editorA1.email,
      password: TEST_PASSWORD,
    });
    d.engine.resume();
    await d.engine.syncNow();
    expect(await serverField(7, 'gaps')).toBe('edited as the session ended');
  });

  it.each([
    ['a day fast', 86_400_000],
    ['a day slow', -86_400_000],
  ])('a device clock %s changes nothing: versions come from the server', async (_name, skew) => {
    const a = await device();
    const b = await device(w.people.signatoryA1.email);
    await a.engine.syncNow();
    await b.engine.syncNow();
    // The only place a device's clock reaches is its own outbox timestamps: skew them.
    await saveStandard(a.db, returnId, 8, { evidence: `clock ${String(skew)}` });
    await a.db.outbox.toCollection().modify((e) => {
      e.createdAt += skew;
    });
    const sent = (await a.db.outbox.toArray()).map((e) => JSON.stringify(e.mutation));
    expect(sent.join('')).not.toMatch(/createdAt|\d{4}-\d{2}-\d{2}T/);
    await a.engine.syncNow();
    // B, with the opposite skew, edits the same field from an older base: a conflict, whatever the clocks say.
    await saveStandard(b.db, returnId, 8, { evidence: 'other device' });
    await b.db.outbox.toCollection().modify((e) => {
      e.createdAt -= skew;
    });
    await b.engine.syncNow();
    expect(await b.db.conflicts.count()).toBe(1);
    expect(await serverField(8, 'evidence')).toBe(`clock ${String(skew)}`);
    expect(await b.db.outbox.count()).toBe(0);
  });
});
