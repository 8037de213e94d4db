/**
 * Figure 4, sync throughput: field edits across many returns pushed by the
 * real sync engine to the real server on PostgreSQL, against writing the same
 * rows with direct SQL upserts through `pg` (one statement per row).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import pg from 'pg';
import { openPostgres } from '@s11/server';
import {
  TEST_PASSWORD,
  createCycle,
  createOrganisation,
  createPartnership,
  createUser,
  startPostgres,
} from '@s11/server/testing';
import { benchApp } from './bench-app';
import { memberships } from '@s11/server/schema';
import { Api, SyncEngine, openOfflineDb, saveStandard } from '@s11/web/offline-core';
import { cookieFetch } from '../support/devices';
import { repeat, type Stat } from './stats';

export async function measureSyncThroughput(opts: {
  returns: number;
  reps: number;
}): Promise<{ ours: Stat; baseline: Stat; edits: number }> {
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('create database bench');
  await admin.end();
  const url = server.url.replace(/\/postgres$/, '/bench');
  const database = await openPostgres(url);
  try {
    const db = database.db;
    const p = await createPartnership(db);
    const orgs = [];
    for (let i = 0; i < opts.returns; i++)
      orgs.push(await createOrganisation(db, [p.id], { name: `Bench org ${String(i)}` }));
    const editor = await createUser(db, [], { email: 'bench@example.org' });
    await db.insert(memberships).values(
      orgs.map((o) => ({
        id: crypto.randomUUID(),
        userId: editor.id,
        role: 'org_editor' as const,
        organisationId: o.id,
        partnershipId: null,
      })),
    );
    const cycle = await createCycle(
      db,
      p.id,
      orgs.map((o) => ({ id: o.id })),
    );
    const returnIds = orgs.map((o) => cycle.returnIds[o.id] ?? '');
    const app = benchApp(database);
    const edits = returnIds.length * 8;

    let round = 0;
    const ours = await repeat(opts.reps, async () => {
      round += 1;
      const api = new Api({
        baseUrl: 'http://localhost',
        timeoutMs: 120_000,
        fetch: cookieFetch(app, { offline: false, requests: 0 }),
      });
      await api.post('/api/auth/login', { email: editor.email, password: TEST_PASSWORD });
      const local = openOfflineDb(`bench-${String(round)}`, new IDBFactory(), IDBKeyRange);
      const engine = new SyncEngine(local, api, { saveDelayMs: 600_000 });
      await engine.syncNow();
      for (const r of returnIds)
        for (let s = 1; s <= 8; s++)
          await saveStandard(local, r, s as 1, {
            currentPractice: `round ${String(round)} standard ${String(s)}`,
          });
      const start = performance.now();
      await engine.syncNow();
      const ms = performance.now() - start;
      if ((await local.outbox.count()) !== 0) throw new Error('The engine left edits unsent');
      local.close();
      return ms;
    });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const baseline = await repeat(opts.reps, async () => {
      round += 1;
      const start = performance.now();
      for (const r of returnIds) {
        for (let s = 1; s <= 8; s++) {
          await client.query(
            `insert into standard_responses (return_id, standard, current_practice, seq) values ($1, $2, $3, nextval('change_seq'))
             on conflict (return_id, standard) do update set current_practice = excluded.current_practice, seq = excluded.seq`,
            [r, s, `round ${String(round)} standard ${String(s)}`],
          );
        }
      }
      return performance.now() - start;
    });
    await client.end();
    return { ours, baseline, edits };
  } finally {
    await database.close();
    server.stop();
  }
}
