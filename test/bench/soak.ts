/**
 * The bounded soak: 50 simulated devices (the real sync engine over its own
 * IndexedDB, one organisation each) editing and syncing, and 5 partnership
 * managers reading roll-ups, all at once against one server process over
 * loopback, for a fixed time. Afterwards every device syncs once more and the
 * database must hold each device's last edit of every standard it touched:
 * no errors, no lost edits. Reports p50/p99 latency and the server's memory.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { STANDARD_NUMBERS } from '@s11/shared';
import { createCycle, createOrganisation, createUser } from '@s11/server/testing';
import { memberships } from '@s11/server/schema';
import { Api, SyncEngine, openOfflineDb, saveStandard } from '@s11/web/offline-core';
import type { NationalDb } from './national';
import { signIn } from './national';
import { startServerProcess } from './server-process';

export interface SoakResult {
  seconds: number;
  devices: number;
  managers: number;
  edits: number;
  requests: number;
  errors: number;
  lostEdits: number;
  sync: { p50: number; p99: number };
  rollup: { p50: number; p99: number };
  serverRssMb: { start: number; end: number; peak: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** fetch with a cookie jar and a stopwatch, as a browser tab would send it. */
function timedFetch(origin: string, latencies: number[], onError: () => void) {
  let cookie = '';
  return async (input: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const t0 = performance.now();
    const res = await fetch(input.startsWith('http') ? input : origin + input, {
      ...init,
      headers,
    });
    latencies.push(performance.now() - t0);
    if (res.status >= 400) onError();
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    return res;
  };
}

export async function runSoak(
  n: NationalDb,
  opts: { seconds: number; devices: number; managers: number; rollupCycleId: string },
): Promise<SoakResult> {
  const db = n.database.db;
  const orgs: { id: string }[] = [];
  for (let i = 0; i < opts.devices; i++)
    orgs.push(await createOrganisation(db, [n.partnershipId], { name: `Soak ${String(i)}` }));
  const cycle = await createCycle(
    db,
    n.partnershipId,
    orgs.map((o) => ({ id: o.id })),
    { name: 'Soak' },
  );
  const users: { id: string; email: string }[] = [];
  for (const o of orgs)
    users.push(await createUser(db, [], { email: `soak-${o.id.slice(0, 8)}@example.org` }));
  await db.insert(memberships).values(
    orgs.map((o, i) => ({
      id: crypto.randomUUID(),
      userId: users[i]?.id ?? '',
      role: 'org_editor' as const,
      organisationId: o.id,
      partnershipId: null,
    })),
  );
  const managerEmails = [n.manager.email];
  for (let i = 1; i < opts.managers; i++)
    managerEmails.push(
      (
        await createUser(db, [{ role: 'partnership_manager', partnershipId: n.partnershipId }], {
          email: `soak-manager-${String(i)}@example.org`,
        })
      ).email,
    );

  const server = await startServerProcess(n.url);
  const syncLatency: number[] = [];
  const rollupLatency: number[] = [];
  let errors = 0;
  let edits = 0;
  const onError = () => {
    errors += 1;
  };
  const startRss = server.rssMb();
  const deadline = Date.now() + opts.seconds * 1000;
  /** The last text each device wrote to each standard: what the server must end with. */
  const expected = new Map<string, string>();

  try {
    // Sign-ins one after another: all devices share one loopback address here, and
    // the per-address sign-in limit counts attempts in flight (a success is refunded
    // after its password is checked), so 50 at once from one address would be refused.
    const apis: Api[] = [];
    for (const [i] of orgs.entries()) {
      const doFetch = timedFetch(server.origin, syncLatency, onError);
      const api = new Api({ baseUrl: server.origin, fetch: doFetch, timeoutMs: 30_000 });
      await api.post('/api/auth/login', { email: users[i]?.email, password: n.password });
      apis.push(api);
    }
    const devices = await Promise.all(
      orgs.map(async (o, i) => {
        const api = apis[i] as Api;
        const local = openOfflineDb(`soak-${String(i)}`, new IDBFactory(), IDBKeyRange);
        const engine = new SyncEngine(local, api, { saveDelayMs: 600_000 });
        await engine.syncNow();
        return { local, engine, returnId: cycle.returnIds[o.id] ?? '', i };
      }),
    );

    const device = async (d: (typeof devices)[number]) => {
      let k = 0;
      while (Date.now() < deadline) {
        // A burst of typing in one standard, then a sync, as a person works through a form.
        const standard = STANDARD_NUMBERS[k % 8] ?? 1;
        for (let j = 0; j < 3; j++) {
          k += 1;
          const text = `Device ${String(d.i)} edit ${String(k)}`;
          await saveStandard(d.local, d.returnId, standard, { currentPractice: text });
          expected.set(`${d.returnId}/${String(standard)}`, text);
          edits += 1;
        }
        await d.engine.syncNow();
        await sleep(200 + Math.random() * 800);
      }
    };
    const manager = async (email: string) => {
      // Staff sign-in answers 401 until the second factor is passed: count errors after it.
      let signedIn = false;
      const doFetch = timedFetch(server.origin, rollupLatency, () => {
        if (signedIn) onError();
      });
      await signIn(doFetch, email, n.password);
      signedIn = true;
      rollupLatency.length = 0;
      while (Date.now() < deadline) {
        const res = await doFetch(`/api/cycles/${opts.rollupCycleId}/rollup`);
        await res.arrayBuffer();
        await sleep(500 + Math.random() * 1000);
      }
    };
    await Promise.all([...devices.map(device), ...managerEmails.map(manager)]);

    // Drain: every device sends what it still holds.
    let unsent = 0;
    for (const d of devices) {
      await d.engine.syncNow();
      unsent += await d.local.outbox.count();
      d.local.close();
    }
    if (unsent > 0) errors += unsent;

    const rows = (
      await n.sql.query<{ return_id: string; standard: number; current_practice: string }>(
        'select return_id, standard, current_practice from standard_responses where return_id = any($1)',
        [devices.map((d) => d.returnId)],
      )
    ).rows;
    const onServer = new Map(
      rows.map((r) => [`${r.return_id}/${String(r.standard)}`, r.current_practice]),
    );
    let lostEdits = 0;
    for (const [key, text] of expected) if (onServer.get(key) !== text) lostEdits += 1;

    return {
      seconds: opts.seconds,
      devices: opts.devices,
      managers: opts.managers,
      edits,
      requests: syncLatency.length + rollupLatency.length,
      errors,
      lostEdits,
      sync: { p50: percentile(syncLatency, 50), p99: percentile(syncLatency, 99) },
      rollup: { p50: percentile(rollupLatency, 50), p99: percentile(rollupLatency, 99) },
      serverRssMb: { start: startRss, end: server.rssMb(), peak: server.peakRssMb() },
    };
  } finally {
    await server.stop();
  }
}
