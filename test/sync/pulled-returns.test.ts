/**
 * The tablet gets everything it shows, by pull (issue 12, item 5): a newly
 * invited return arrived with no cycle and no organisation, and "returned for
 * changes" with an empty message (both were filled only at sign-in). Pull is
 * now the only writer of the device's returns, and every pull answer matches
 * the shared schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponseSchema } from '@s11/shared';
import {
  client,
  createCycle,
  createRatedReturn,
  createTestContext,
  world,
  TEST_PASSWORD,
  type TestContext,
  type World,
} from '@s11/server/testing';
import { createDevice, type Device } from '../support/devices';

let t: TestContext;
let w: World;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
});
afterAll(() => t.close());

async function device(email: string): Promise<Device> {
  const d = createDevice(t.app);
  await d.signIn(email, TEST_PASSWORD);
  await d.engine.syncNow();
  return d;
}

describe('pulled returns', () => {
  it('a return invited after sign-in arrives with its cycle and organisation', async () => {
    const d = await device(w.people.editorA1.email);
    const manager = await client(t.app).login(w.people.managerA.email);
    const created = await manager.post<{ id: string }>(`/api/partnerships/${w.pA.id}/cycles`, {
      name: 'Audit 2027-28',
      opensOn: '2027-10-01',
      dueOn: '2028-01-31',
      invitations: [{ organisationId: w.orgA1.id }],
    });
    expect(created.status).toBe(201);

    await d.engine.syncNow();
    const mine = await d.db.returns.where('cycleId').equals(created.body.id).toArray();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      cycle: { name: 'Audit 2027-28', dueOn: '2028-01-31', partnershipId: w.pA.id },
      organisation: { id: w.orgA1.id, name: 'A1 NHS Trust', sector: 'health' },
      statusMessage: '',
      loaded: true,
    });
  });

  it('returned for changes arrives with the partnership’s message and per-standard comments', async () => {
    const cycle = await createCycle(t.database.db, w.pA.id, [], { name: 'Audit 2025-26' });
    const rid = await createRatedReturn(t.database.db, cycle.id, w.orgA1.id, [
      'green',
      'green',
      'amber',
      'green',
      'green',
      'green',
      'green',
      'green',
    ]);
    const d = await device(w.people.editorA1.email);
    expect((await d.db.returns.get(rid))?.status).toBe('submitted');

    const manager = await client(t.app).login(w.people.managerA.email);
    expect(
      (
        await manager.put(`/api/returns/${rid}/moderation/3`, {
          rag: 'red',
          comment: 'No named deputy for the safeguarding lead.',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await manager.post(`/api/returns/${rid}/status`, {
          status: 'returned_for_changes',
          message: 'Please name a deputy lead (standard 3).',
        })
      ).status,
    ).toBe(200);

    await d.engine.syncNow();
    expect(await d.db.returns.get(rid)).toMatchObject({
      status: 'returned_for_changes',
      statusMessage: 'Please name a deputy lead (standard 3).',
    });
    expect(await d.db.moderations.get([rid, 3])).toMatchObject({
      rag: 'red',
      comment: 'No named deputy for the safeguarding lead.',
    });
  });

  it('every pull answer matches the shared schema, returns whole', async () => {
    const editor = await client(t.app).login(w.people.editorA1.email);
    const res = await editor.get<unknown>('/api/sync/pull?cursor=0');
    const parsed = PullResponseSchema.parse(res.body);
    const returns = parsed.changes.filter((c) => c.kind === 'return');
    expect(returns.length).toBeGreaterThan(0);
    for (const r of returns) expect(r.record.organisation.id).toBe(w.orgA1.id);
  });

  it('only pull writes the returns: signing in alone leaves them to the first pull', async () => {
    const d = createDevice(t.app);
    await d.signIn(w.people.editorA2.email, TEST_PASSWORD);
    expect(await d.db.returns.count()).toBe(0);
    await d.engine.syncNow();
    const [r] = await d.db.returns.toArray();
    expect(r).toMatchObject({ organisation: { name: 'A2 Nursery' }, loaded: true });
  });
});
