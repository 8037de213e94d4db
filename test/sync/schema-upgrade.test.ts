/**
 * Schema upgrades keep the outbox (issue 12, item 10). A device may open the
 * app after skipping any number of releases: for every earlier released
 * version of the device's Dexie schema (web/src/offline/db.ts; `git log -p`
 * shows each), a store made by that version, holding unsent changes, is
 * opened by today's code, upgraded, and its changes reach the real server.
 *
 * Each release's schema is frozen here as it shipped. When db.ts gains a
 * version, add the one it replaces to RELEASED.
 */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTestContext,
  world,
  TEST_PASSWORD,
  type TestContext,
  type World,
} from '@s11/server/testing';
import { Api, SyncEngine, getMeta, openOfflineDb, signIn } from '@s11/web/offline-core';
import { cookieFetch } from '../support/devices';

const RELEASED: { version: number; stores: Record<string, string> }[] = [
  {
    // a4c55ac: the first release.
    version: 1,
    stores: {
      returns: 'id, cycleId, organisationId',
      standards: '[returnId+standard], returnId',
      actions: 'id, returnId',
      moderations: '[returnId+standard], returnId',
      outbox: '++seq, mutationId, returnId, state',
      conflicts: 'id, returnId',
      meta: 'key',
    },
  },
];

let t: TestContext;
let w: World;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
});
afterAll(() => t.close());

describe('a device store made by an earlier release', () => {
  it.each(RELEASED)(
    'version $version: opens, upgrades, keeps its unsent changes and sends them',
    async ({ version, stores }) => {
      const returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
      const me = w.people.editorA1;
      const name = `device-v${String(version)}-${crypto.randomUUID()}`;
      const factory = new IDBFactory();

      // What that release left on the device: its user, a return pulled
      // without cycle or organisation, a cursor, and two unsent changes.
      const old = new Dexie(name, { indexedDB: factory, IDBKeyRange });
      old.version(version).stores(stores);
      await old.open();
      const actionId = crypto.randomUUID();
      const [m1, m2] = [crypto.randomUUID(), crypto.randomUUID()];
      await old.table('meta').bulkPut([
        { key: 'deviceId', value: crypto.randomUUID() },
        { key: 'cursor', value: '999999' },
        {
          key: 'me',
          value: {
            id: me.id,
            email: me.email,
            name: 'Editor A1',
            memberships: [
              { scope: 'organisation', role: 'org_editor', organisationId: w.orgA1.id },
            ],
            organisations: [],
            partnerships: [],
          },
        },
      ]);
      await old.table('returns').put({
        id: returnId,
        cycleId: w.cycleA.id,
        organisationId: w.orgA1.id,
        variant: 'full',
        status: 'not_started',
        catalogueVersion: '2026.1',
        signOff: null,
        carriedFromId: null,
        version: 1,
        statusMessage: '',
        cycle: null,
        organisation: null,
      });
      await old.table('outbox').bulkAdd([
        {
          mutationId: m1,
          returnId,
          mutation: {
            mutationId: m1,
            returnId,
            kind: 'standard',
            standard: 4,
            baseVersion: 0,
            changes: { gaps: `Typed before the upgrade (v${String(version)})` },
          },
          attempts: 0,
          state: 'pending',
          createdAt: Date.now(),
        },
        {
          mutationId: m2,
          returnId,
          mutation: {
            mutationId: m2,
            returnId,
            kind: 'action',
            actionId,
            baseVersion: 0,
            changes: {
              standard: 4,
              what: 'Train the new receptionists',
              owner: 'Priya Shah',
              dueOn: '',
              status: 'not_started',
            },
          },
          attempts: 0,
          state: 'pending',
          createdAt: Date.now(),
        },
      ]);
      old.close();

      // Today's code opens it.
      const db = openOfflineDb(name, factory, IDBKeyRange);
      await db.open();
      expect(db.verno).toBeGreaterThan(version);
      expect(await db.outbox.count()).toBe(2);

      const network = { offline: false, requests: 0 };
      const api = new Api({ fetch: cookieFetch(t.app, network), baseUrl: 'http://localhost' });
      await signIn(db, api, me.email, TEST_PASSWORD);
      const engine = new SyncEngine(db, api);
      await engine.syncNow();

      expect(await db.outbox.count()).toBe(0);
      expect(engine.getState()).toMatchObject({ phase: 'idle', attention: 0 });
      const manager = await client(t.app).login(w.people.managerA.email);
      const server = await manager.get<{
        standards: { standard: number; fields: { gaps: string } }[];
        actions: { id: string; fields: { what: string } }[];
      }>(`/api/returns/${returnId}`);
      expect(server.body.standards.find((s) => s.standard === 4)?.fields.gaps).toBe(
        `Typed before the upgrade (v${String(version)})`,
      );
      expect(server.body.actions.find((a) => a.id === actionId)?.fields.what).toBe(
        'Train the new receptionists',
      );
      // The upgrade pulled everything again: the return now has its cycle and organisation.
      expect(await db.returns.get(returnId)).toMatchObject({
        cycle: { id: w.cycleA.id },
        organisation: { name: 'A1 NHS Trust' },
      });
      expect(Number(await getMeta<string>(db, 'cursor'))).toBeGreaterThan(0);
      db.close();
    },
  );
});
