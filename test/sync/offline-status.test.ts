/**
 * Offline shows at once (issue 12, item 4): the status line kept saying
 * "All changes sent" after the network went, until the next edit. Any request
 * that finds no network, the engine's or a page's, must say so at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, world, TEST_PASSWORD, type TestContext } from '@s11/server/testing';
import { describeSync, saveStandard } from '@s11/web/offline-core';
import { createDevice } from '../support/devices';

let t: TestContext;
let email: string;

beforeAll(async () => {
  t = await createTestContext();
  const w = await world(t.database.db);
  email = w.people.editorA1.email;
});
afterAll(() => t.close());

describe('the status line knows the network went', () => {
  it('as soon as a page’s request fails, with no edit and no sync round', async () => {
    const d = createDevice(t.app);
    await d.signIn(email, TEST_PASSWORD);
    await d.engine.syncNow();
    expect(describeSync(d.engine.getState(), true)).toBe('All changes sent');

    d.network.offline = true;
    await expect(d.api.get('/api/returns/mine')).rejects.toMatchObject({ status: 0 });
    expect(d.engine.getState().phase).toBe('offline');
    expect(describeSync(d.engine.getState(), true)).toBe('You are offline');

    // Back: the next request that gets through brings the engine back too.
    d.network.offline = false;
    await d.api.get('/api/returns/mine');
    await d.engine.syncNow();
    expect(describeSync(d.engine.getState(), true)).toBe('All changes sent');
  });

  it('says how many changes wait while offline, and keeps saying offline while it retries', async () => {
    const d = createDevice(t.app);
    await d.signIn(email, TEST_PASSWORD);
    await d.engine.syncNow();
    d.network.offline = true;
    // What the browser's `offline` event calls.
    d.engine.networkSeen(false);
    const states: string[] = [];
    d.engine.subscribe((s) => states.push(describeSync(s, true)));
    const returnId = (await d.db.returns.toArray())[0]?.id ?? '';
    await saveStandard(d.db, returnId, 1, { gaps: 'Typed on the train' });
    await d.engine.syncNow();
    expect(states.every((s) => s.startsWith('You are offline'))).toBe(true);
    expect(describeSync(d.engine.getState(), true)).toBe(
      'You are offline: 1 change waiting to send',
    );
  });
});
