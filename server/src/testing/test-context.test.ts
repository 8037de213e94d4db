/**
 * The test harness itself: what a test asks of createTestContext reaches the
 * app. (A test's work limits were once silently dropped, so a model test
 * meant to push without limit ran under the production limit.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestContext, world, type TestContext, type World } from '.';

let t: TestContext;
let w: World;
beforeAll(async () => {
  t = await createTestContext({ workLimits: { reports: { limit: 1, windowMs: 60_000 } } });
  w = await world(t.database.db);
});
afterAll(() => t.close());

describe('createTestContext', () => {
  it("applies the test's own work limits", async () => {
    const manager = await client(t.app).login(w.people.managerA.email);
    expect((await manager.get(`/api/cycles/${w.cycleA.id}/rollup`)).status).toBe(200);
    expect((await manager.get(`/api/cycles/${w.cycleA.id}/rollup`)).status).toBe(429);
  });
});
