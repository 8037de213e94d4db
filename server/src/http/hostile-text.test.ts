/**
 * Text that cannot be stored (NUL and other control characters, lone
 * surrogates) is refused with a 422 naming the field on every write path,
 * inside a push too, never a 500 and never "will be sent again".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, PushResponse } from '@s11/shared';
import {
  client,
  createOrganisation,
  createRatedReturn,
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
let signatory: ApiClient;
let submittedId: string;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
  editor = await client(t.app).login(w.people.editorA1.email);
  signatory = await client(t.app).login(w.people.signatoryA1.email);
  const org = await createOrganisation(t.database.db, [w.pA.id], { name: 'A3 School' });
  submittedId = await createRatedReturn(t.database.db, w.cycleA.id, org.id, Array(8).fill('green'));
});
afterAll(() => t.close());

const NUL = 'Acme\u0000Ltd';
const LONE = 'Acme \uD83D Ltd';
const BELL = 'line one\u0007';

function expectFieldRefused(
  res: { status: number; body: unknown },
  field: string,
  why: RegExp = /cannot be saved/,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  const problem = res.body as Problem;
  const paths = (problem.errors ?? []).map((e) => e.path);
  expect(paths).toContain(field);
  const message = problem.errors?.find((e) => e.path === field)?.message ?? '';
  expect(message).toMatch(why);
}

describe('unstorable text on the JSON write paths', () => {
  for (const [label, bad] of [
    ['NUL', NUL],
    ['a lone surrogate', LONE],
    ['a BEL control character', BELL],
  ] as const) {
    it(`refuses ${label} in an organisation's name and contact (create and update)`, async () => {
      const org = { name: 'Good name', sector: 'health', usualVariant: 'full' };
      expectFieldRefused(
        await manager.post(`/api/partnerships/${w.pA.id}/organisations`, { ...org, name: bad }),
        'name',
      );
      expectFieldRefused(
        await manager.put(`/api/organisations/${w.orgA1.id}`, { ...org, contactName: bad }),
        'contactName',
      );
    });

    it(`refuses ${label} in a cycle name, an invitation name and an accepted name`, async () => {
      expectFieldRefused(
        await manager.post(`/api/partnerships/${w.pA.id}/cycles`, {
          name: bad,
          opensOn: '2027-04-01',
          dueOn: '2027-06-30',
        }),
        'name',
      );
      expectFieldRefused(
        await manager.post(`/api/partnerships/${w.pA.id}/invitations`, {
          email: 'new@example.org',
          name: bad,
          role: 'partnership_viewer',
        }),
        'name',
      );
      expectFieldRefused(
        await client(t.app).post('/api/auth/invitations/accept', {
          token: 'x'.repeat(43),
          name: bad,
          password: 'a long enough password',
        }),
        'name',
      );
    });

    it(`refuses ${label} in a moderation comment and a status message`, async () => {
      expectFieldRefused(
        await manager.put(`/api/returns/${submittedId}/moderation/3`, {
          rag: 'green',
          comment: bad,
        }),
        'comment',
      );
      expectFieldRefused(
        await manager.post(`/api/returns/${submittedId}/status`, {
          status: 'returned_for_changes',
          message: bad,
        }),
        'message',
      );
    });
  }

  it('keeps line breaks and tabs in multi-line answers, but not in names', async () => {
    expectFieldRefused(
      await manager.post(`/api/partnerships/${w.pA.id}/organisations`, {
        name: 'Two\nlines',
        sector: 'health',
        usualVariant: 'full',
      }),
      'name',
      /one line/,
    );
    const ok = await manager.put(`/api/returns/${submittedId}/moderation/4`, {
      rag: 'amber',
      comment: 'First point.\r\n\tSecond point.',
    });
    expect(ok.status).toBe(200);
  });
});

describe('unstorable text inside a push', () => {
  const returnId = () => w.cycleA.returnIds[w.orgA1.id] ?? '';
  const push = (c: ApiClient, m: Record<string, unknown>) =>
    c.post<PushResponse>('/api/sync/push', {
      mutations: [{ mutationId: crypto.randomUUID(), returnId: returnId(), ...m }],
    });

  function expectItemRefused(res: { status: number; body: PushResponse }, field: string) {
    expect(res.status).toBe(200);
    const [item] = res.body.results;
    expect(item?.status, JSON.stringify(item)).toBe('rejected');
    if (item?.status !== 'rejected') return;
    expect(item.problem.status).toBe(422);
    expect(item.problem.errors?.map((e) => e.path)).toContain(field);
    expect(JSON.stringify(item.problem)).not.toMatch(/sent again/);
  }

  for (const [label, bad] of [
    ['NUL', NUL],
    ['a lone surrogate', LONE],
  ] as const) {
    it(`answers ${label} in an answer, a check note, an action and a sign-off as refused (422)`, async () => {
      expectItemRefused(
        await push(editor, {
          kind: 'standard',
          standard: 2,
          baseVersion: 0,
          changes: { gaps: bad },
        }),
        'changes.gaps',
      );
      expectItemRefused(
        await push(editor, {
          kind: 'standard',
          standard: 1,
          baseVersion: 0,
          changes: { checks: { 's1-lead': { answer: 'yes', note: bad } } },
        }),
        'changes.checks.s1-lead.note',
      );
      expectItemRefused(
        await push(editor, {
          kind: 'action',
          actionId: crypto.randomUUID(),
          baseVersion: 0,
          changes: { standard: 1, what: 'Train staff', owner: bad, dueOn: '', status: 'done' },
        }),
        'changes.owner',
      );
      expectItemRefused(
        await push(signatory, {
          kind: 'submit',
          signOff: { name: bad, jobTitle: 'Director', declaration: true },
        }),
        'signOff.name',
      );
    });
  }

  it('refuses a check id that is not plain text', async () => {
    const res = await push(editor, {
      kind: 'standard',
      standard: 1,
      baseVersion: 0,
      changes: { checks: { 's1-\u0000': { answer: 'yes', note: '' } } },
    });
    expect(res.body.results[0]?.status).toBe('rejected');
  });
});

describe('unstorable text in a CSV import', () => {
  it('names the line and the column, and saves nothing', async () => {
    const csv = `Name,Sector,Type,Form,Contact name,Contact email\r\nGood Org,Health,,Full,,\r\nBad\u0000Org,Health,,Full,,\r\nOther Org,Health,,Full,Jo \uD800,\r\n`;
    const preview = await manager.post<{
      rows: { line: number; problems: string[] }[];
      problems: number;
    }>(`/api/partnerships/${w.pA.id}/organisations/import`, { csv, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toBe(2);
    expect(preview.body.rows.find((r) => r.line === 3)?.problems.join(' ')).toMatch(
      /Name.*cannot be saved/,
    );
    expect(preview.body.rows.find((r) => r.line === 4)?.problems.join(' ')).toMatch(
      /Contact name.*cannot be saved/,
    );
    const save = await manager.post<Problem>(`/api/partnerships/${w.pA.id}/organisations/import`, {
      csv,
      dryRun: false,
    });
    expect(save.status).toBe(422);
    expect(save.body.errors?.map((e) => e.path)).toEqual(['line 3', 'line 4']);
  });
});
