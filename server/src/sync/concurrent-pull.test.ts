/**
 * The pull cursor under concurrent writers (ADR 018), a Jepsen-style check.
 *
 * Two server instances (two apps over two connection pools on one
 * PostgreSQL database; on PGlite both share its one connection) take pushes
 * from several writers at once, while two devices pull at random moments: a
 * partnership manager, whose pull spans every organisation of the
 * partnership, and an organisation's editor. Every 50 runs, and at the end,
 * both devices pull until caught up, then the check runs, for each device:
 * - nothing is pulled twice (a record's version comes once);
 * - nothing is pulled that no one wrote;
 * - every acknowledged new action the device may see has been pulled;
 * - every standard holds, field by field, the value of the acknowledged write
 *   with the highest version (no edit lost to a concurrent writer of the same
 *   return, no late commit skipped by the cursor).
 * Writers and pulls interleave at random (seeded: a failure names its seed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Mutation, PullResponse, PushResponse } from '@s11/shared';
import { createApp } from '../app';
import { openPostgres, type Database } from '../db/client';
import {
  client,
  createCycle,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';

// On PGlite one connection serialises everything: fewer runs check the bookkeeping.
const RUNS = Number(
  process.env.CONCURRENT_PULL_RUNS ?? (process.env.TEST_DB === 'postgres' ? 1000 : 100),
);
const SEED = Number(process.env.CONCURRENT_PULL_SEED ?? Date.now() % 2 ** 31);
const FIELDS = ['currentPractice', 'evidence', 'gaps'] as const;
type Field = (typeof FIELDS)[number];

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

let t: TestContext;
let second: Database | undefined;
let w: World;
/** Each signed-in person, once per instance. */
let as: { editorA1: ApiClient[]; editorA2: ApiClient[]; managerA: ApiClient[] };
/** The returns written to: [return id, organisation id]. */
let targets: [string, string][];

beforeAll(async () => {
  // Thousands of mutations a minute from two users: the per-user push limit
  // (docs/limits.md) is not what this test is about.
  t = await createTestContext({ workLimits: { push: { limit: 1e9, windowMs: 60_000 } } });
  w = await world(t.database.db);
  const { url } = t.database;
  second = url ? await openPostgres(url, false) : undefined;
  const apps = [t.app, second ? createApp({ ...t.deps, database: second }) : createApp(t.deps)];
  const signIn = async (email: string) => {
    const first = await client(t.app).login(email);
    return apps.map((app) => Object.assign(client(app), { cookie: first.cookie }));
  };
  as = {
    editorA1: await signIn(w.people.editorA1.email),
    editorA2: await signIn(w.people.editorA2.email),
    managerA: await signIn(w.people.managerA.email),
  };
  targets = Object.entries(w.cycleA.returnIds).map(([org, ret]) => [ret, org]);
  for (let i = 0; i < 3; i++) {
    const cycle = await createCycle(t.database.db, w.pA.id, [
      { id: w.orgA1.id, variant: 'full' },
      { id: w.orgA2.id, variant: 'full' },
    ]);
    targets.push(...Object.entries(cycle.returnIds).map(([o, r]): [string, string] => [r, o]));
  }
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

/** A device pulling: what it holds, and every record version it was given. */
interface Puller {
  name: string;
  clients: ApiClient[];
  /** Organisations whose returns it may read. */
  sees: Set<string>;
  cursor: string;
  pulledVersions: Set<string>;
  duplicates: string[];
  standards: Map<string, { version: number; fields: Record<string, unknown> }>;
  actions: Set<string>;
}

function keyOf(c: Change): string {
  switch (c.kind) {
    case 'return':
      return `return:${c.record.id}`;
    case 'action':
      return `action:${c.record.id}`;
    case 'standard':
    case 'moderation':
      return `${c.kind}:${c.record.returnId}/${String(c.record.standard)}`;
  }
}

async function pullOnce(p: Puller, rnd: () => number): Promise<boolean> {
  const c = p.clients[Math.floor(rnd() * p.clients.length)] as ApiClient;
  const res = await c.get<PullResponse>(`/api/sync/pull?cursor=${p.cursor}`);
  if (res.status !== 200) throw new Error(`pull answered ${String(res.status)}`);
  for (const ch of res.body.changes) {
    const version = `${keyOf(ch)}@${String(ch.seq)}`;
    if (p.pulledVersions.has(version)) p.duplicates.push(version);
    p.pulledVersions.add(version);
    if (ch.kind === 'standard') {
      const k = `${ch.record.returnId}/${String(ch.record.standard)}`;
      const held = p.standards.get(k);
      if (!held || held.version < ch.record.version)
        p.standards.set(k, { version: ch.record.version, fields: ch.record.fields });
    }
    if (ch.kind === 'action') p.actions.add(ch.record.id);
  }
  p.cursor = res.body.cursor;
  return res.body.hasMore;
}

/** Lets other requests in between: a random number of turns of the event loop. */
async function pause(rnd: () => number): Promise<void> {
  const turns = Math.floor(rnd() * 6);
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

describe('pull under concurrent writers on two instances', () => {
  it(`pulls every acknowledged write exactly once (${String(RUNS)} runs, seed ${String(SEED)})`, async () => {
    const rnd = random(SEED);
    const pullers: Puller[] = [
      { name: 'manager A', clients: as.managerA, sees: new Set([w.orgA1.id, w.orgA2.id]) },
      { name: 'editor A1', clients: as.editorA1, sees: new Set([w.orgA1.id]) },
    ].map((p) => ({
      ...p,
      cursor: '0',
      pulledVersions: new Set<string>(),
      duplicates: [],
      standards: new Map(),
      actions: new Set<string>(),
    }));
    // Everything acknowledged so far: new actions, and per standard field the
    // highest version written with its value.
    const acked = {
      actions: new Map<string, string>(),
      fields: new Map<string, [number, string]>(),
    };
    const written = { actions: new Set<string>(), values: new Set<string>(['']) };
    const devices = Object.fromEntries(FIELDS.map((f) => [f, crypto.randomUUID()])) as Record<
      Field,
      string
    >;
    let actionCount = 0;

    const write = async (run: number, n: number) => {
      await pause(rnd);
      const [returnId, org] = targets[Math.floor(rnd() * targets.length)] as [string, string];
      const who = org === w.orgA1.id ? as.editorA1 : as.editorA2;
      const c = who[Math.floor(rnd() * who.length)] as ApiClient;
      const mutations: Mutation[] = [];
      for (let i = 0, k = 1 + Math.floor(rnd() * 2); i < k; i++) {
        const token = `r${String(run)}w${String(n)}i${String(i)}`;
        if (rnd() < 0.5) {
          const actionId = crypto.randomUUID();
          written.actions.add(actionId);
          mutations.push({
            kind: 'action',
            mutationId: crypto.randomUUID(),
            returnId,
            actionId,
            baseVersion: 0,
            changes: {
              // Round the standards, so no standard reaches its limit of actions.
              standard: (1 + (actionCount++ % 8)) as 1,
              what: token,
              owner: 'Lead',
              dueOn: '2027-03-31',
              status: 'not_started',
            },
          });
        } else {
          // One device per field: edits to a field never conflict with each
          // other, edits to different fields of one standard race.
          const field = FIELDS[Math.floor(rnd() * FIELDS.length)] as Field;
          written.values.add(token);
          mutations.push({
            kind: 'standard',
            mutationId: crypto.randomUUID(),
            returnId,
            standard: (1 + Math.floor(rnd() * 2)) as 1,
            baseVersion: 0,
            deviceId: devices[field],
            changes: { [field]: token },
          });
        }
      }
      const res = await c.post<PushResponse>('/api/sync/push', { mutations });
      if (res.status !== 200) throw new Error(`push answered ${String(res.status)}`);
      for (const [i, r] of res.body.results.entries()) {
        const m = mutations[i] as Mutation;
        if (r.status !== 'applied') throw new Error(`push item ${JSON.stringify(r)}`);
        if (m.kind === 'action') acked.actions.set(m.actionId, org);
        if (m.kind === 'standard') {
          const [field, value] = Object.entries(m.changes)[0] as [string, string];
          const k = `${m.returnId}/${String(m.standard)}/${field}`;
          const prior = acked.fields.get(k);
          if (!prior || prior[0] < r.version) acked.fields.set(k, [r.version, value]);
        }
      }
    };

    const failures: string[] = [];
    for (let run = 0; run < RUNS && failures.length === 0; run++) {
      const writers = 2 + Math.floor(rnd() * 2);
      let writing = true;
      const writes = Promise.all(Array.from({ length: writers }, (_, n) => write(run, n)));
      // Devices pull at random moments while the writers' transactions are open.
      await Promise.all([
        writes.finally(() => {
          writing = false;
        }),
        ...pullers.map(async (p) => {
          for (let i = 0; i < 2 && writing; i++) {
            await pause(rnd);
            await pullOnce(p, rnd);
          }
        }),
      ]);
      // Every 50 runs, and at the end, it goes quiet: every device pulls
      // until it has caught up, and the check runs.
      if ((run + 1) % 50 !== 0 && run !== RUNS - 1) continue;
      await Promise.all(
        pullers.map(async (p) => {
          while (await pullOnce(p, rnd));
        }),
      );

      for (const p of pullers) {
        const tell = (what: string) => failures.push(`run ${String(run)}, ${p.name}: ${what}`);
        if (p.duplicates.length) tell(`pulled twice: ${p.duplicates.join(', ')}`);
        for (const id of p.actions) if (!written.actions.has(id)) tell(`unknown action ${id}`);
        for (const [id, org] of acked.actions)
          if (p.sees.has(org) && !p.actions.has(id)) tell(`missed action ${id}`);
        for (const [k, s] of p.standards)
          for (const f of FIELDS)
            if (!written.values.has(String(s.fields[f]))) tell(`unknown value in ${k} ${f}`);
        for (const [k, [version, value]] of acked.fields) {
          const [returnId, standard, field] = k.split('/') as [string, string, string];
          const org = targets.find(([r]) => r === returnId)?.[1] ?? '';
          if (!p.sees.has(org)) continue;
          const held = p.standards.get(`${returnId}/${standard}`);
          if (!held || held.version < version || held.fields[field] !== value)
            tell(
              `${k}: holds ${JSON.stringify(held?.fields[field])} at ${String(held?.version)}, written ${value} at ${String(version)}`,
            );
        }
      }
    }
    expect(failures.slice(0, 5), `seed ${String(SEED)}`).toEqual([]);
    // The manager saw writes to both organisations' returns.
    expect(pullers[0]?.actions.size).toBe(acked.actions.size);
  }, 480_000);
});
