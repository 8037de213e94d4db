import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTestContext,
  world,
  TEST_PASSWORD,
  type TestContext,
  type World,
} from '@s11/server/testing';
import { resolveConflict, saveAction, saveStandard } from '@s11/web/offline-core';
import { createDevice, type Device } from '../support/devices';

let t: TestContext;
let w: World;
let returnId: string;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
});
afterAll(() => t.close());

async function twoDevices(): Promise<[Device, Device]> {
  const a = createDevice(t.app);
  const b = createDevice(t.app);
  await a.signIn(w.people.editorA1.email, TEST_PASSWORD);
  await b.signIn(w.people.signatoryA1.email, TEST_PASSWORD);
  await Promise.all([a.engine.syncNow(), b.engine.syncNow()]);
  return [a, b];
}

async function serverFields(standard: number) {
  const c = await client(t.app).login(w.people.managerA.email);
  const res = await c.get<{ standards: { standard: number; fields: Record<string, unknown> }[] }>(
    `/api/returns/${returnId}`,
  );
  return res.body.standards.find((s) => s.standard === standard)?.fields;
}

describe('two sync engines against the real server', () => {
  it('converge: an edit on one device reaches the other', async () => {
    const [a, b] = await twoDevices();
    await saveStandard(a.db, returnId, 1, { currentPractice: 'Board lead named in June' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await b.db.standards.get([returnId, 1]))?.fields.currentPractice).toBe(
      'Board lead named in June',
    );
    expect(a.engine.getState()).toMatchObject({ pending: 0, attention: 0, phase: 'idle' });
  });

  it('merge edits to different fields of the same standard made offline on two devices', async () => {
    const [a, b] = await twoDevices();
    a.network.offline = true;
    b.network.offline = true;
    await saveStandard(a.db, returnId, 2, { evidence: 'Policy read receipts: 96%' });
    await saveStandard(b.db, returnId, 2, { gaps: 'Agency staff not covered' });
    await a.engine.syncNow();
    expect(a.engine.getState()).toMatchObject({ phase: 'offline', pending: 1 });
    a.network.offline = false;
    b.network.offline = false;
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    for (const d of [a, b]) {
      expect((await d.db.standards.get([returnId, 2]))?.fields).toMatchObject({
        evidence: 'Policy read receipts: 96%',
        gaps: 'Agency staff not covered',
      });
    }
    expect(await serverFields(2)).toMatchObject({
      evidence: 'Policy read receipts: 96%',
      gaps: 'Agency staff not covered',
    });
  });

  it('surface a same-field conflict, keep both values until the user chooses, then converge on the choice', async () => {
    const [a, b] = await twoDevices();
    a.network.offline = true;
    await saveStandard(a.db, returnId, 3, { gaps: 'Deputy lead not trained (device A)' });
    await saveStandard(b.db, returnId, 3, { gaps: 'No cover on Saturdays (device B)' });
    await b.engine.syncNow();
    a.network.offline = false;
    await a.engine.syncNow();

    const conflicts = await a.db.conflicts.toArray();
    expect(conflicts).toEqual([
      expect.objectContaining({
        field: 'gaps',
        serverValue: 'No cover on Saturdays (device B)',
        yourValue: 'Deputy lead not trained (device A)',
      }),
    ]);
    // Device A still shows its own text; nothing was lost on either side.
    expect((await a.db.standards.get([returnId, 3]))?.fields.gaps).toBe(
      'Deputy lead not trained (device A)',
    );
    expect(a.engine.getState().attention).toBe(1);
    // A pull does not overwrite the contested field.
    await a.engine.syncNow();
    expect((await a.db.standards.get([returnId, 3]))?.fields.gaps).toBe(
      'Deputy lead not trained (device A)',
    );

    await resolveConflict(
      a.db,
      conflicts[0]?.id ?? '',
      'Deputy not trained; no cover on Saturdays',
    );
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(a.engine.getState().attention).toBe(0);
    expect((await b.db.standards.get([returnId, 3]))?.fields.gaps).toBe(
      'Deputy not trained; no cover on Saturdays',
    );
    expect((await serverFields(3))?.gaps).toBe('Deputy not trained; no cover on Saturdays');
  });

  it('changes nothing when a push is replayed after its answer was lost', async () => {
    const [a, b] = await twoDevices();
    await saveStandard(a.db, returnId, 4, { evidence: 'First version' });
    const [entry] = await a.db.outbox.toArray();
    // The request reaches the server but the answer is lost: the entry stays.
    await a.api.post('/api/sync/push', { mutations: [entry?.mutation] });
    // Someone else, having seen it, edits it meanwhile.
    await b.engine.syncNow();
    expect((await b.db.standards.get([returnId, 4]))?.fields.evidence).toBe('First version');
    await saveStandard(b.db, returnId, 4, { evidence: 'Second version (device B)' });
    await b.engine.syncNow();
    // The engine now sends the same mutation again: the server answers with the first result.
    await a.engine.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect((await serverFields(4))?.evidence).toBe('Second version (device B)');
    expect((await a.db.standards.get([returnId, 4]))?.fields.evidence).toBe(
      'Second version (device B)',
    );
  });

  it('keeps typing from one device free of self-conflicts', async () => {
    const [a] = await twoDevices();
    for (const text of ['D', 'DB', 'DBS', 'DBS checks']) {
      await saveStandard(a.db, returnId, 6, { currentPractice: text });
      // Send after every keystroke, as a fast network would.
      await a.engine.syncNow();
    }
    expect(a.engine.getState().attention).toBe(0);
    expect((await serverFields(6))?.currentPractice).toBe('DBS checks');
  });

  it('pauses on 401 without dropping anything, and resumes after signing in again', async () => {
    const [a] = await twoDevices();
    await saveStandard(a.db, returnId, 7, { evidence: 'Escalation policy used twice' });
    await a.api.post('/api/auth/logout');
    await a.engine.syncNow();
    expect(a.engine.getState()).toMatchObject({ phase: 'signed-out', pending: 1 });
    await a.signIn(w.people.editorA1.email, TEST_PASSWORD);
    a.engine.resume();
    await a.engine.syncNow();
    expect(a.engine.getState()).toMatchObject({ phase: 'idle', pending: 0 });
    expect((await serverFields(7))?.evidence).toBe('Escalation policy used twice');
  });

  it('creates an action offline and sends it with the standard', async () => {
    const [a, b] = await twoDevices();
    const actionId = crypto.randomUUID();
    await saveAction(a.db, returnId, actionId, {
      standard: 5,
      what: 'Book refresher training',
      owner: 'HR lead',
      dueOn: '2027-02-28',
      status: 'not_started',
    });
    await saveAction(a.db, returnId, actionId, {
      standard: 5,
      what: 'Book refresher training for all',
      owner: 'HR lead',
      dueOn: '2027-02-28',
      status: 'not_started',
    });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await b.db.actions.get(actionId))?.fields.what).toBe('Book refresher training for all');
  });
});
