import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, PullResponse, PushItemResult, PushResponse } from '@s11/shared';
import {
  client,
  createCycle,
  createRatedReturn,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';

let t: TestContext;
let w: World;
let editor: ApiClient;
let signatory: ApiClient;
let returnId: string;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  editor = await client(t.app).login(w.people.editorA1.email);
  signatory = await client(t.app).login(w.people.signatoryA1.email);
  returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
});
afterAll(() => t.close());

const id = () => crypto.randomUUID();
function std(
  standard: number,
  changes: Record<string, unknown>,
  baseVersion = 0,
  mutationId = id(),
): Mutation {
  return { mutationId, returnId, kind: 'standard', standard, baseVersion, changes } as Mutation;
}
async function push(c: ApiClient, ...mutations: unknown[]): Promise<PushItemResult[]> {
  const res = await c.post<PushResponse>('/api/sync/push', { mutations });
  expect(res.status).toBe(200);
  return res.body.results;
}
async function pullAll(c: ApiClient, cursor = '0'): Promise<PullResponse> {
  const res = await c.get<PullResponse>(`/api/sync/pull?cursor=${cursor}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('push', () => {
  it('applies an edit, moves the return to in progress, and the edit comes back in a pull', async () => {
    const [r] = await push(editor, std(1, { currentPractice: 'A named lead on the board' }));
    expect(r).toMatchObject({ status: 'applied' });
    const pulled = await pullAll(editor);
    const s1 = pulled.changes.find(
      (c) => c.kind === 'standard' && c.record.returnId === returnId && c.record.standard === 1,
    );
    expect(s1?.kind === 'standard' && s1.record.fields.currentPractice).toBe(
      'A named lead on the board',
    );
    const ret = pulled.changes.find((c) => c.kind === 'return' && c.record.id === returnId);
    expect(ret?.kind === 'return' && ret.record.status).toBe('in_progress');
  });

  it('returns the first answer to a replayed mutation and changes nothing', async () => {
    const m = std(2, { evidence: 'Policy reviewed in May' });
    const [first] = await push(editor, m);
    const [again] = await push(editor, m);
    expect(again).toEqual(first);
    // A later edit by someone else is not undone by a late replay of the first.
    const v = first?.status === 'applied' ? first.version : 0;
    await push(signatory, std(2, { evidence: 'Policy reviewed in June' }, v));
    await push(editor, m);
    const res = await editor.get<{
      standards: { standard: number; fields: { evidence: string } }[];
    }>(`/api/returns/${returnId}`);
    expect(res.body.standards.find((s) => s.standard === 2)?.fields.evidence).toBe(
      'Policy reviewed in June',
    );
  });

  it('refuses the same mutation id with a different payload, for that item only', async () => {
    const mutationId = id();
    await push(editor, std(3, { gaps: 'first' }, 0, mutationId));
    const [dup, other] = await push(
      editor,
      std(3, { gaps: 'second' }, 0, mutationId),
      std(4, { gaps: 'other item' }),
    );
    expect(dup).toMatchObject({ status: 'rejected', problem: { status: 422 } });
    expect(other).toMatchObject({ status: 'applied' });
  });

  it('applies a mutation pushed ten times at once exactly once', async () => {
    const m = std(5, { currentPractice: 'Induction training for all' });
    const before = await pullAll(editor);
    const results = await Promise.all(Array.from({ length: 10 }, () => push(editor, m)));
    const flat = results.map((r) => r[0]);
    for (const r of flat) expect(r).toEqual(flat[0]);
    expect(flat[0]?.status).toBe('applied');
    const after = await pullAll(editor, before.cursor);
    const s5 = after.changes.filter((c) => c.kind === 'standard' && c.record.standard === 5);
    expect(s5).toHaveLength(1);
  });

  it('keeps both edits when two devices change different fields of the same standard', async () => {
    const [base] = await push(editor, std(6, { currentPractice: 'DBS checks for all staff' }));
    const v = base?.status === 'applied' ? base.version : 0;
    const [a] = await push(editor, std(6, { evidence: 'Single central record audited' }, v));
    const [b] = await push(signatory, std(6, { gaps: 'Volunteers not yet covered' }, v));
    expect(a?.status).toBe('applied');
    expect(b?.status).toBe('applied');
    const res = await editor.get<{
      standards: { standard: number; fields: Record<string, unknown> }[];
    }>(`/api/returns/${returnId}`);
    expect(res.body.standards.find((s) => s.standard === 6)?.fields).toMatchObject({
      currentPractice: 'DBS checks for all staff',
      evidence: 'Single central record audited',
      gaps: 'Volunteers not yet covered',
    });
  });

  it("returns a same-field edit from a stale base as a conflict with the server's value, and writes nothing", async () => {
    const [base] = await push(editor, std(7, { gaps: 'original' }));
    const v = base?.status === 'applied' ? base.version : 0;
    await push(signatory, std(7, { gaps: 'signatory version' }, v));
    const [mine] = await push(
      editor,
      std(7, { gaps: 'editor version', evidence: 'new evidence' }, v),
    );
    expect(mine).toMatchObject({
      status: 'conflict',
      applied: ['evidence'],
      conflicts: [{ field: 'gaps', serverValue: 'signatory version', yourValue: 'editor version' }],
    });
    // The device resolves it by pushing its choice from the reported version.
    const resolvedFrom = mine?.status === 'conflict' ? mine.version : 0;
    const [resolved] = await push(
      editor,
      std(7, { gaps: 'merged: editor + signatory' }, resolvedFrom),
    );
    expect(resolved?.status).toBe('applied');
  });

  it('never reports a conflict between a device and its own earlier edits', async () => {
    const deviceId = id();
    const typed = ['N', 'No', 'No d', 'No deputy'];
    const results: PushItemResult[] = [];
    // Each keystroke's mutation was made from the same (old) base version.
    for (const text of typed)
      results.push(...(await push(editor, { ...std(1, { gaps: text }, 0), deviceId })));
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // Another device editing from the old base still conflicts.
    const [other] = await push(signatory, {
      ...std(1, { gaps: 'Something else' }, 0),
      deviceId: id(),
    });
    expect(other).toMatchObject({
      status: 'conflict',
      conflicts: [{ field: 'gaps', serverValue: 'No deputy' }],
    });
  });

  it('merges light-form checks one by one', async () => {
    const lightReturn = w.cycleA.returnIds[w.orgA2.id] ?? '';
    const nursery = await client(t.app).login(w.people.editorA2.email);
    const m = (changes: Record<string, unknown>, base: number) => ({
      mutationId: id(),
      returnId: lightReturn,
      kind: 'standard',
      standard: 3,
      baseVersion: base,
      changes,
    });
    const [a] = await push(nursery, m({ checks: { 'l3-lead': { answer: 'yes', note: '' } } }, 0));
    const [b] = await push(
      nursery,
      m({ checks: { 'l3-support': { answer: 'partly', note: 'No deputy on Saturdays' } } }, 0),
    );
    expect([a?.status, b?.status]).toEqual(['applied', 'applied']);
    const res = await nursery.get<{
      standards: { standard: number; fields: { checks: object } }[];
    }>(`/api/returns/${lightReturn}`);
    expect(res.body.standards.find((s) => s.standard === 3)?.fields.checks).toEqual({
      'l3-lead': { answer: 'yes', note: '' },
      'l3-support': { answer: 'partly', note: 'No deputy on Saturdays' },
    });
  });

  it('does not let one invalid item block the rest of the batch', async () => {
    const results = await push(
      editor,
      std(8, { currentPractice: 'ok 1' }),
      {
        mutationId: id(),
        returnId,
        kind: 'standard',
        standard: 8,
        baseVersion: 0,
        changes: { rag: 'purple' },
      },
      { nonsense: true },
      std(8, { evidence: 'ok 2' }),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    const bad = results[1];
    expect(bad?.status === 'rejected' && bad.problem.errors?.[0]?.path).toBe('changes.rag');
  });

  it('refuses a check that does not belong to the standard', async () => {
    const [r] = await push(
      editor,
      std(1, { checks: { 'l8-records': { answer: 'yes', note: '' } } }),
    );
    expect(r).toMatchObject({ status: 'rejected', problem: { status: 422 } });
  });

  it('hands out versions that only go up', async () => {
    const versions: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [r] = await push(
        editor,
        std(4, { currentPractice: `edit ${String(i)}` }, versions.at(-1) ?? 0),
      );
      versions.push(r?.status === 'applied' ? r.version : -1);
    }
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(5);
  });
});

describe('actions', () => {
  it('creates, edits and deletes an action with a client id, seen by pull', async () => {
    const actionId = id();
    const create = {
      mutationId: id(),
      returnId,
      kind: 'action',
      actionId,
      baseVersion: 0,
      changes: {
        standard: 5,
        what: 'Refresh DSL training',
        owner: 'Head of safeguarding',
        dueOn: '2027-03-31',
        status: 'not_started',
      },
    };
    const [c1] = await push(editor, create);
    expect(c1?.status).toBe('applied');
    const v = c1?.status === 'applied' ? c1.version : 0;
    const [c2] = await push(editor, {
      mutationId: id(),
      returnId,
      kind: 'action',
      actionId,
      baseVersion: v,
      changes: { status: 'in_progress' },
    });
    expect(c2?.status).toBe('applied');
    const v2 = c2?.status === 'applied' ? c2.version : 0;
    const [c3] = await push(editor, {
      mutationId: id(),
      returnId,
      kind: 'action_delete',
      actionId,
      baseVersion: v2,
    });
    expect(c3?.status).toBe('applied');
    const pulled = await pullAll(editor);
    const a = pulled.changes.find((x) => x.kind === 'action' && x.record.id === actionId);
    expect(a?.kind === 'action' && a.record.deleted).toBe(true);
  });

  it('needs every field to create an action', async () => {
    const [r] = await push(editor, {
      mutationId: id(),
      returnId,
      kind: 'action',
      actionId: id(),
      baseVersion: 0,
      changes: { what: 'Only this' },
    });
    expect(r).toMatchObject({ status: 'rejected', problem: { status: 422 } });
  });

  it('asks before deleting an action someone else changed since this device saw it', async () => {
    const actionId = id();
    const [c1] = await push(editor, {
      mutationId: id(),
      returnId,
      kind: 'action',
      actionId,
      baseVersion: 0,
      changes: {
        standard: 2,
        what: 'Cascade new protocol',
        owner: 'DSL',
        dueOn: '',
        status: 'not_started',
      },
    });
    const v = c1?.status === 'applied' ? c1.version : 0;
    await push(signatory, {
      mutationId: id(),
      returnId,
      kind: 'action',
      actionId,
      baseVersion: v,
      changes: { owner: 'Deputy DSL' },
    });
    const [del] = await push(editor, {
      mutationId: id(),
      returnId,
      kind: 'action_delete',
      actionId,
      baseVersion: v,
    });
    expect(del).toMatchObject({ status: 'conflict', conflicts: [{ field: 'deleted' }] });
  });
});

describe('pull', () => {
  it('pages by cursor without losing or repeating a change', async () => {
    const all = await pullAll(editor);
    expect(all.hasMore).toBe(false);
    // Walk in tiny pages via the internal pull to prove paging is exact.
    const { pull } = await import('./pull');
    const principal = {
      userId: w.people.editorA1.id,
      email: '',
      name: '',
      memberships: [
        { scope: 'organisation' as const, role: 'org_editor' as const, organisationId: w.orgA1.id },
      ],
    };
    const seen: string[] = [];
    let cursor = 0;
    for (let i = 0; i < 100; i++) {
      const page = await pull(t.database.db, principal, cursor, 2);
      seen.push(
        ...page.changes.map((c) => `${c.kind}:${String(c.seq)}:${JSON.stringify(c.record)}`),
      );
      cursor = Number(page.cursor);
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(
      all.changes.map((c) => `${c.kind}:${String(c.seq)}:${JSON.stringify(c.record)}`),
    );
  });

  it("never shows another organisation's records", async () => {
    const other = await client(t.app).login(w.people.editorB1.email);
    const pulled = await pullAll(other);
    const foreign = pulled.changes.filter(
      (c) => ('returnId' in c.record ? c.record.returnId : c.record.id) === returnId,
    );
    expect(foreign).toEqual([]);
  });

  it('refuses a malformed cursor with a field message', async () => {
    const res = await editor.get<{ errors: { path: string }[] }>('/api/sync/pull?cursor=abc');
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.path).toBe('cursor');
  });
});

describe('submit', () => {
  it('refuses an incomplete return, listing what is missing per standard', async () => {
    const [r] = await push(signatory, {
      mutationId: id(),
      returnId,
      kind: 'submit',
      signOff: { name: 'Dr T', jobTitle: 'Chief nurse', declaration: true },
    });
    expect(r?.status).toBe('rejected');
    if (r?.status === 'rejected') {
      expect(r.problem.status).toBe(422);
      expect(r.problem.errors?.map((e) => e.path)).toContain('standards.1');
    }
  });

  it('lets only a signatory submit', async () => {
    const [r] = await push(editor, {
      mutationId: id(),
      returnId,
      kind: 'submit',
      signOff: { name: 'E', jobTitle: 'DSL', declaration: true },
    });
    expect(r).toMatchObject({ status: 'rejected', problem: { status: 403 } });
  });
});

describe('rows written by the server itself (writeFields)', () => {
  /** A device that never saw standard 1 writes over its current practice. */
  const lateEdit = async (rid: string) => {
    const [r] = await push(editor, {
      mutationId: id(),
      returnId: rid,
      deviceId: id(),
      kind: 'standard',
      standard: 1,
      baseVersion: 0,
      changes: { currentPractice: 'Written without seeing the other answer' },
    });
    return r;
  };
  const conflictOnX = {
    status: 'conflict',
    applied: [],
    conflicts: [{ field: 'currentPractice', serverValue: 'x' }],
  };

  it('a test factory row merges like a pushed one: an edit from before it is a conflict', async () => {
    const pushedCycle = await createCycle(t.database.db, w.pA.id, [{ id: w.orgA1.id }]);
    const pushedReturn = pushedCycle.returnIds[w.orgA1.id] ?? '';
    const [first] = await push(editor, {
      mutationId: id(),
      returnId: pushedReturn,
      deviceId: id(),
      kind: 'standard',
      standard: 1,
      baseVersion: 0,
      changes: { currentPractice: 'x' },
    });
    expect(first?.status).toBe('applied');
    expect(await lateEdit(pushedReturn)).toMatchObject(conflictOnX);

    const factoryCycle = await createCycle(t.database.db, w.pA.id, []);
    const factoryReturn = await createRatedReturn(
      t.database.db,
      factoryCycle.id,
      w.orgA1.id,
      ['green'],
      { status: 'in_progress' },
    );
    expect(await lateEdit(factoryReturn)).toMatchObject(conflictOnX);
  });
});
