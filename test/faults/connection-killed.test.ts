/**
 * Fault: the database connection killed in the middle of a push's
 * transaction (pg_terminate_backend), on a real PostgreSQL this file starts.
 * Invariant: every edit is on the server exactly once or still in the
 * device's outbox; the killed transaction leaves nothing half-written; the
 * server keeps serving on fresh connections and the retry applies everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { appliedMutations } from '@s11/server/schema';
import { openPostgres } from '@s11/server';
import {
  TEST_PASSWORD,
  client,
  createTestContext,
  startPostgres,
  world,
  type PostgresServer,
  type TestContext,
  type World,
} from '@s11/server/testing';
import { saveStandard } from '@s11/web/offline-core';
import { createDevice } from '../support/devices';

let pgServer: PostgresServer;
let t: TestContext;
let w: World;
let returnId: string;

beforeAll(async () => {
  pgServer = await startPostgres();
  t = await createTestContext({ database: await openPostgres(pgServer.url) });
  w = await world(t.database.db);
  returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
}, 60_000);
afterAll(async () => {
  await t.close();
  pgServer.stop();
});

describe('the database connection killed mid-transaction', () => {
  it('rolls back the item it killed, keeps it in the outbox, and applies everything once on retry', async () => {
    // The fault: writing this value makes the backend serving the transaction
    // terminate itself, exactly as an operator's pg_terminate_backend would.
    await t.database.db.execute(sql`
      create or replace function kill_on_magic() returns trigger language plpgsql as $$
      begin
        if new.current_practice = 'KILL ME' then perform pg_terminate_backend(pg_backend_pid()); end if;
        return new;
      end $$;`);
    await t.database.db.execute(
      sql`create trigger kill_on_magic before insert or update on standard_responses for each row execute function kill_on_magic()`,
    );

    const device = createDevice(t.app);
    const { db, engine } = device;
    await device.signIn(w.people.editorA1.email, TEST_PASSWORD);
    for (let n = 1; n <= 6; n++)
      await saveStandard(db, returnId, n as 1, {
        currentPractice: n === 4 ? 'KILL ME' : `practice ${String(n)}`,
      });
    const ids = (await db.outbox.toArray()).map((e) => e.mutationId);
    expect(ids).toHaveLength(6);

    await engine.syncNow();
    // Never lost: each edit is applied on the server or still waiting on the device.
    const waiting = await db.outbox.toArray();
    const applied = await t.database.db
      .select()
      .from(appliedMutations)
      .where(inArray(appliedMutations.mutationId, ids));
    const appliedIds = new Set(applied.map((a) => a.mutationId));
    for (const id of ids)
      expect(
        appliedIds.has(id) || waiting.some((e) => e.mutationId === id),
        `mutation ${id} lost`,
      ).toBe(true);
    // The killed transaction wrote nothing: its edit is not on the server.
    const killed = waiting.find(
      (e) => e.mutation.kind === 'standard' && e.mutation.changes.currentPractice === 'KILL ME',
    );
    expect(killed).toBeDefined();
    expect(appliedIds.has(killed?.mutationId ?? '')).toBe(false);
    const rows = await t.database.db.execute(
      sql`select count(*)::int as n from standard_responses where current_practice = 'KILL ME'`,
    );
    expect((rows as { rows: { n: number }[] }).rows[0]?.n).toBe(0);

    // The server is still up, on fresh connections.
    expect((await t.app.request('/api/health')).status).toBe(200);

    // The fault clears; the retry applies what was left, and nothing twice.
    await t.database.db.execute(sql`drop trigger kill_on_magic on standard_responses`);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    const after = await t.database.db
      .select()
      .from(appliedMutations)
      .where(inArray(appliedMutations.mutationId, ids));
    expect(after.map((a) => a.mutationId).sort()).toEqual([...ids].sort());
    const manager = await client(t.app).login(w.people.managerA.email);
    const res = await manager.get<{
      standards: { standard: number; fields: { currentPractice: string } }[];
    }>(`/api/returns/${returnId}`);
    const practice = (n: number) =>
      res.body.standards.find((s) => s.standard === n)?.fields.currentPractice;
    expect(practice(4)).toBe('KILL ME');
    expect(practice(6)).toBe('practice 6');
    db.close();
  }, 60_000);
});
