/**
 * Numbers and dates outside what the database holds are the client's mistake:
 * a 4xx problem naming the field, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, PushResponse } from '@s11/shared';
import {
  client,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';

let t: TestContext;
let w: World;
let manager: ApiClient;
let editor: ApiClient;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
  editor = await client(t.app).login(w.people.editorA1.email);
});
afterAll(() => t.close());

describe('numbers and dates out of range', () => {
  it('refuses a pull cursor past any change (bigint maximum, 19 nines, 2^53)', async () => {
    for (const cursor of ['9223372036854775807', '9999999999999999999', '9007199254740993']) {
      const res = await editor.get<Problem>(`/api/sync/pull?cursor=${cursor}`);
      expect(res.status, cursor).toBe(422);
      expect(res.body.errors?.[0]?.path).toBe('cursor');
    }
    expect((await editor.get('/api/sync/pull?cursor=9007199254740991')).status).toBe(200);
  });

  it('refuses cycle dates outside 1900-2199', async () => {
    for (const [opensOn, dueOn, field] of [
      ['0000-01-01', '2027-01-01', 'opensOn'],
      ['2027-01-01', '9999-12-31', 'dueOn'],
      ['1899-12-31', '2027-01-01', 'opensOn'],
    ] as const) {
      const res = await manager.post<Problem>(`/api/partnerships/${w.pA.id}/cycles`, {
        name: 'Far away',
        opensOn,
        dueOn,
      });
      expect(res.status, opensOn).toBe(422);
      expect(res.body.errors?.map((e) => e.path)).toContain(field);
    }
  });

  it('refuses an action due date out of range inside a push, as refused (not 500)', async () => {
    const res = await editor.post<PushResponse>('/api/sync/push', {
      mutations: [
        {
          mutationId: crypto.randomUUID(),
          returnId: w.cycleA.returnIds[w.orgA1.id],
          kind: 'action',
          actionId: crypto.randomUUID(),
          baseVersion: 0,
          changes: { standard: 1, what: 'x', owner: 'y', dueOn: '0000-01-01', status: 'done' },
        },
      ],
    });
    const [item] = res.body.results;
    expect(item?.status).toBe('rejected');
    if (item?.status === 'rejected') {
      expect(item.problem.status).toBe(422);
      expect(item.problem.errors?.map((e) => e.path)).toContain('changes.dueOn');
    }
  });

  it('refuses a base version past 2^53 and an audit page cursor past bigint', async () => {
    const res = await editor.post<PushResponse>('/api/sync/push', {
      mutations: [
        {
          mutationId: crypto.randomUUID(),
          returnId: w.cycleA.returnIds[w.orgA1.id],
          kind: 'standard',
          standard: 1,
          baseVersion: 1e300,
          changes: { gaps: 'x' },
        },
      ],
    });
    expect(res.body.results[0]?.status).toBe('rejected');
    for (const before of ['1e30', '9223372036854775808']) {
      const audit = await manager.get<Problem>(
        `/api/partnerships/${w.pA.id}/audit?before=${before}`,
      );
      expect(audit.status, before).toBe(422);
    }
  });
});
