import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { PushResponse, Rollup } from '@s11/shared';
import { generateStandard } from '../../demo/seed';
import { returns } from '../../db/schema';
import {
  client,
  createCycle,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../../testing';

let t: TestContext;
let w: World;
let manager: ApiClient;
let viewer: ApiClient;
let nursery: ApiClient;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
  viewer = await client(t.app).login(w.people.viewerA.email);
  nursery = await client(t.app).login(w.people.editorA2.email);
});
afterAll(() => t.close());

/** Completes a light return through the sync API, as the tablet would. */
async function completeLightReturn(c: ApiClient, returnId: string) {
  const mutations: unknown[] = [];
  for (let n = 1; n <= 8; n++) {
    const g = generateStandard('light', n as 1, n === 5 ? 'amber' : 'green', 'A2 Nursery');
    mutations.push({
      mutationId: crypto.randomUUID(),
      returnId,
      kind: 'standard',
      standard: n,
      baseVersion: 0,
      changes: g.fields,
    });
    for (const a of g.actions)
      mutations.push({
        mutationId: crypto.randomUUID(),
        returnId,
        kind: 'action',
        actionId: crypto.randomUUID(),
        baseVersion: 0,
        changes: a,
      });
  }
  const res = await c.post<PushResponse>('/api/sync/push', { mutations });
  expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
}

async function submit(c: ApiClient, returnId: string) {
  const res = await c.post<PushResponse>('/api/sync/push', {
    mutations: [
      {
        mutationId: crypto.randomUUID(),
        returnId,
        kind: 'submit',
        signOff: { name: 'Jo Bennett', jobTitle: 'Nursery manager', declaration: true },
      },
    ],
  });
  return res.body.results[0];
}

describe('cycles', () => {
  it('opens a cycle, inviting organisations with their usual form unless told otherwise', async () => {
    const res = await manager.post<{ id: string; invited: number }>(
      `/api/partnerships/${w.pA.id}/cycles`,
      {
        name: 'Audit 2027-28',
        opensOn: '2027-10-01',
        dueOn: '2028-01-31',
        invitations: [
          { organisationId: w.orgA1.id },
          { organisationId: w.orgA2.id, variant: 'full' },
        ],
      },
    );
    expect(res.status).toBe(201);
    const list = await manager.get<{
      returns: { organisationId: string; variant: string; status: string }[];
    }>(`/api/cycles/${res.body.id}/returns`);
    const byOrg = Object.fromEntries(list.body.returns.map((r) => [r.organisationId, r]));
    expect(byOrg[w.orgA1.id]).toMatchObject({ variant: 'full', status: 'not_started' });
    expect(byOrg[w.orgA2.id]).toMatchObject({ variant: 'full', status: 'not_started' });
  });

  it("refuses to invite another partnership's organisation", async () => {
    const res = await manager.post<{ errors: { path: string }[] }>(
      `/api/partnerships/${w.pA.id}/cycles`,
      {
        name: 'Bad',
        opensOn: '2027-10-01',
        dueOn: '2028-01-31',
        invitations: [{ organisationId: w.orgB1.id }],
      },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.path).toBe('invitations.0.organisationId');
  });

  it('refuses a due date before the opening date, naming the field', async () => {
    const res = await manager.post<{ errors: { path: string }[] }>(
      `/api/partnerships/${w.pA.id}/cycles`,
      { name: 'Backwards', opensOn: '2027-10-01', dueOn: '2027-01-31' },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.path).toBe('dueOn');
  });
});

describe('the life of a return', () => {
  it('is submitted when complete and signed, is then read-only, is returned for changes, and accepted', async () => {
    const rid = w.cycleA.returnIds[w.orgA2.id] ?? '';
    await completeLightReturn(nursery, rid);
    const got = await nursery.get<{ completeness: { complete: boolean } }>(`/api/returns/${rid}`);
    expect(got.body.completeness.complete).toBe(true);

    expect(await submit(nursery, rid)).toMatchObject({ status: 'applied' });
    const after = await nursery.get<{
      return: { status: string; signOff: { name: string; signedAt: string } };
    }>(`/api/returns/${rid}`);
    expect(after.body.return.status).toBe('submitted');
    expect(after.body.return.signOff.name).toBe('Jo Bennett');
    expect(Date.parse(after.body.return.signOff.signedAt)).not.toBeNaN();

    // Read-only to the organisation now.
    const edit = await nursery.post<PushResponse>('/api/sync/push', {
      mutations: [
        {
          mutationId: crypto.randomUUID(),
          returnId: rid,
          kind: 'standard',
          standard: 1,
          baseVersion: 0,
          changes: { ragReason: 'late change' },
        },
      ],
    });
    expect(edit.body.results[0]).toMatchObject({ status: 'rejected', problem: { status: 409 } });

    // Returned for changes needs a message; then it is editable again.
    expect(
      (await manager.post(`/api/returns/${rid}/status`, { status: 'returned_for_changes' })).status,
    ).toBe(422);
    const back = await manager.post<{ return: { status: string }; statusMessage: string }>(
      `/api/returns/${rid}/status`,
      { status: 'returned_for_changes', message: 'Add your online safety training dates.' },
    );
    expect(back.body.return.status).toBe('returned_for_changes');
    const seen = await nursery.get<{ standards: { standard: number; version: number }[] }>(
      `/api/returns/${rid}`,
    );
    const v5 = seen.body.standards.find((s) => s.standard === 5)?.version ?? 0;
    const edit2 = await nursery.post<PushResponse>('/api/sync/push', {
      mutations: [
        {
          mutationId: crypto.randomUUID(),
          returnId: rid,
          kind: 'standard',
          standard: 5,
          baseVersion: v5,
          changes: {
            checks: { 'l5-online': { answer: 'partly', note: 'Training booked for March' } },
          },
        },
      ],
    });
    expect(edit2.body.results[0]?.status).toBe('applied');
    expect(await submit(nursery, rid)).toMatchObject({ status: 'applied' });
    const accepted = await manager.post<{ return: { status: string } }>(
      `/api/returns/${rid}/status`,
      { status: 'accepted' },
    );
    expect(accepted.body.return.status).toBe('accepted');
    // A viewer may read but not decide.
    expect((await viewer.get(`/api/returns/${rid}`)).status).toBe(200);
    expect(
      (
        await viewer.post(`/api/returns/${rid}/status`, {
          status: 'returned_for_changes',
          message: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it("keeps the partnership's moderated rating beside the self-rating, and both reach the roll-up", async () => {
    const rid = w.cycleA.returnIds[w.orgA2.id] ?? '';
    const mod = await manager.put<{ rag: string; comment: string; moderatedBy: string }>(
      `/api/returns/${rid}/moderation/1`,
      { rag: 'amber', comment: 'Policy review date not evidenced.' },
    );
    expect(mod.status).toBe(200);
    expect(mod.body).toMatchObject({
      rag: 'amber',
      comment: 'Policy review date not evidenced.',
      moderatedBy: 'Manager A',
    });
    const full = await nursery.get<{
      standards: { standard: number; fields: { rag: string } }[];
      moderations: { standard: number; rag: string }[];
    }>(`/api/returns/${rid}`);
    expect(full.body.standards.find((s) => s.standard === 1)?.fields.rag).toBe('green');
    expect(full.body.moderations).toEqual([expect.objectContaining({ standard: 1, rag: 'amber' })]);
    // The organisation's device learns of it by pulling.
    const pulled = await nursery.get<{ changes: { kind: string }[] }>('/api/sync/pull?cursor=0');
    expect(pulled.body.changes.some((c) => c.kind === 'moderation')).toBe(true);

    const rollup = await viewer.get<Rollup>(`/api/cycles/${w.cycleA.id}/rollup`);
    expect(rollup.body.returns).toBe(1);
    expect(rollup.body.self.byStandard[1].counts.green).toBe(1);
    expect(rollup.body.moderated.byStandard[1].counts.amber).toBe(1);
    expect(rollup.body.self.overall.total).toBe(8);
  });
});

describe('carry forward', () => {
  it("copies last cycle's answers and open actions, leaving ratings to be confirmed", async () => {
    // Last cycle's accepted return for A2 is the one completed above; open a new cycle.
    const next = await createCycle(t.database.db, w.pA.id, [{ id: w.orgA2.id, variant: 'light' }], {
      name: 'Audit 2028-29',
      opensOn: '2028-10-01',
      dueOn: '2029-01-31',
    });
    const rid = next.returnIds[w.orgA2.id] ?? '';
    const res = await nursery.post<{
      return: { status: string; carriedFromId: string };
      standards: {
        standard: number;
        fields: { rag: string | null; checks: object; completed: boolean };
      }[];
      actions: { fields: { what: string } }[];
    }>(`/api/returns/${rid}/carry-forward`);
    expect(res.status).toBe(200);
    expect(res.body.return.status).toBe('in_progress');
    expect(res.body.return.carriedFromId).toBe(w.cycleA.returnIds[w.orgA2.id]);
    expect(res.body.standards).toHaveLength(8);
    for (const s of res.body.standards) {
      expect(s.fields.rag).toBeNull();
      expect(s.fields.completed).toBe(false);
      expect(Object.keys(s.fields.checks).length).toBeGreaterThan(0);
    }
    expect(res.body.actions.map((a) => a.fields.what)).toEqual(['Close the gap on training']);
    // Only once, before the return is started.
    expect((await nursery.post(`/api/returns/${rid}/carry-forward`)).status).toBe(409);
    const [row] = await t.database.db.select().from(returns).where(eq(returns.id, rid));
    expect(row?.status).toBe('in_progress');
  });
});

describe('audit log', () => {
  it('records data changes (which fields, not their content), status changes and sign-ins for the manager', async () => {
    const res = await manager.get<{
      entries: { action: string; detail: Record<string, unknown> }[];
    }>(`/api/partnerships/${w.pA.id}/audit?limit=500`);
    const actions = new Set(res.body.entries.map((e) => e.action));
    for (const a of [
      'return_changed',
      'return_submitted',
      'return_status_changed',
      'moderation_recorded',
      'cycle_opened',
      'return_carried_forward',
    ]) {
      expect(actions).toContain(a);
    }
    const change = res.body.entries.find(
      (e) => e.action === 'return_changed' && Array.isArray(e.detail.fields),
    );
    expect(change?.detail.fields).toBeInstanceOf(Array);
    expect(JSON.stringify(res.body)).not.toContain('Training booked for March');
  });
});
