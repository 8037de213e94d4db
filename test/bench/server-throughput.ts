/**
 * Figure 6, server throughput: requests per second for an authenticated pull
 * (a signed-in editor of one organisation, from the beginning of its history)
 * under load from autocannon over loopback, against /api/health in the same
 * server process. Bounded in time and in count; runs alternate so a noisy
 * moment on this shared machine hits both alike.
 */
import autocannon from 'autocannon';
import {
  createCycle,
  createOrganisation,
  createRatedReturn,
  createUser,
} from '@s11/server/testing';
import type { NationalDb } from './national';
import { signIn } from './national';
import { startServerProcess } from './server-process';
import { stat, type Stat } from './stats';

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({
    url,
    headers,
    connections: 10,
    duration: seconds,
    maxOverallRequests: 100_000,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${String(result.non2xx)} non-2xx, ${String(result.errors)} errors`);
  return result.requests.average;
}

export async function measureServerThroughput(
  n: NationalDb,
  opts: { seconds: number; reps: number },
): Promise<{ pull: Stat; health: Stat; pullBytes: number }> {
  const db = n.database.db;
  const org = await createOrganisation(db, [n.partnershipId], { name: 'Throughput nursery' });
  const editor = await createUser(db, [{ role: 'org_editor', organisationId: org.id }], {
    email: 'throughput@example.org',
  });
  const cycle = await createCycle(db, n.partnershipId, [], { name: 'Throughput' });
  await createRatedReturn(db, cycle.id, org.id, Array(8).fill('green'), {
    actions: [{ standard: 3, what: 'Refresh training', dueOn: '2027-03-31' }],
  });
  const server = await startServerProcess(n.url);
  try {
    const request = (p: string, i?: RequestInit) => fetch(server.origin + p, i);
    const cookie = await signIn(request, editor.email);
    const pullUrl = `${server.origin}/api/sync/pull?cursor=0`;
    const probe = await request('/api/sync/pull?cursor=0', { headers: { cookie } });
    const pullBytes = (await probe.arrayBuffer()).byteLength;
    if (probe.status !== 200) throw new Error(`Pull answered ${String(probe.status)}`);
    // Warm both paths (JIT, connection pool) before measuring.
    await load(`${server.origin}/api/health`, {}, 1);
    await load(pullUrl, { cookie }, 1);
    const pull: number[] = [];
    const health: number[] = [];
    for (let i = 0; i < opts.reps; i++) {
      health.push(await load(`${server.origin}/api/health`, {}, opts.seconds));
      pull.push(await load(pullUrl, { cookie }, opts.seconds));
    }
    return { pull: stat(pull), health: stat(health), pullBytes };
  } finally {
    await server.stop();
  }
}
