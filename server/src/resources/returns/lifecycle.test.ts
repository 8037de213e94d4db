/**
 * The server enforces the return lifecycle, whole: every status against
 * every step, through the routes a device and the partnership really call,
 * and each answer is the one `RETURN_LIFECYCLE` (shared/src/returns/lifecycle.ts)
 * gives. The table itself is read in shared/src/returns/lifecycle.test.ts;
 * this is the one place that proves the server follows it, so the routes'
 * own tests need not walk the statuses again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RETURN_STATUSES,
  nextStatus,
  type PushResponse,
  type ReturnEvent,
  type ReturnStatus,
} from '@s11/shared';
import {
  client,
  createCycle,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  createUser,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../../testing';

let t: TestContext;
let w: World;
let manager: ApiClient;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
});
afterAll(() => t.close());

const EVENTS: readonly ReturnEvent[] = [
  'edit',
  'carry_forward',
  'submit',
  'moderate',
  'accept',
  'return_for_changes',
];
const GREEN = Array(8).fill('green') as string[];

/**
 * An organisation whose editor is also its signatory, with last cycle's
 * return accepted (so carrying forward has a source) and this cycle's
 * return, complete, in `status`.
 */
async function returnIn(status: ReturnStatus, n: number) {
  const db = t.database.db;
  const org = await createOrganisation(db, [w.pA.id], { name: `Lifecycle ${n}` });
  const user = await createUser(
    db,
    [
      { role: 'org_editor', organisationId: org.id },
      { role: 'org_signatory', organisationId: org.id },
    ],
    { email: `lifecycle-${n}@example.org` },
  );
  const last = await createCycle(db, w.pA.id, [], {
    name: `Last ${n}`,
    opensOn: '2025-10-01',
    dueOn: '2026-01-31',
  });
  await createRatedReturn(db, last.id, org.id, GREEN, { status: 'accepted' });
  const now = await createCycle(db, w.pA.id, [], { name: `Now ${n}` });
  const returnId = await createRatedReturn(db, now.id, org.id, GREEN, { status });
  return { returnId, org: await client(t.app).login(user.email) };
}

async function pushOne(c: ApiClient, mutation: Record<string, unknown>): Promise<number> {
  const res = await c.post<PushResponse>('/api/sync/push', {
    mutations: [{ mutationId: crypto.randomUUID(), ...mutation }],
  });
  expect(res.status).toBe(200);
  const item = res.body.results[0];
  // A refused step is a conflict with the return's state, never a bad request.
  if (item?.status === 'applied') return 200;
  return item?.status === 'rejected' ? item.problem.status : 500;
}

/** Takes `event` through its route; answers the HTTP status (or the push item's). */
async function take(event: ReturnEvent, returnId: string, org: ApiClient): Promise<number> {
  switch (event) {
    case 'edit': {
      const got = await org.get<{ standards: { standard: number; version: number }[] }>(
        `/api/returns/${returnId}`,
      );
      const version = got.body.standards.find((s) => s.standard === 3)?.version ?? 0;
      return pushOne(org, {
        returnId,
        kind: 'standard',
        standard: 3,
        baseVersion: version,
        changes: { currentPractice: 'Reviewed with the board in March.' },
      });
    }
    case 'carry_forward':
      return (await org.post(`/api/returns/${returnId}/carry-forward`)).status;
    case 'submit':
      return pushOne(org, {
        returnId,
        kind: 'submit',
        signOff: { name: 'Sam Lee', jobTitle: 'Director', declaration: true },
      });
    case 'moderate':
      return (
        await manager.put(`/api/returns/${returnId}/moderation/1`, {
          rag: 'amber',
          comment: 'Evidence of training dates not seen.',
        })
      ).status;
    case 'accept':
      return (await manager.post(`/api/returns/${returnId}/status`, { status: 'accepted' })).status;
    case 'return_for_changes':
      return (
        await manager.post(`/api/returns/${returnId}/status`, {
          status: 'returned_for_changes',
          message: 'Please add your training dates.',
        })
      ).status;
  }
}

const CASES = RETURN_STATUSES.flatMap((s) =>
  EVENTS.map((e) => [s, e, nextStatus(s, e) ?? 'refused'] as const),
);

describe('the server follows the return lifecycle', () => {
  it.each(CASES.map((c, i) => [...c, i] as const))(
    'a return %s, asked to %s: %s',
    async (status, event, expected, i) => {
      const { returnId, org } = await returnIn(status, i);
      const answer = await take(event, returnId, org);
      const after = await manager.get<{ return: { status: ReturnStatus } }>(
        `/api/returns/${returnId}`,
      );
      if (expected === 'refused') {
        expect(answer).toBe(409);
        expect(after.body.return.status).toBe(status);
      } else {
        expect(answer).toBe(200);
        expect(after.body.return.status).toBe(expected);
      }
    },
  );
});
