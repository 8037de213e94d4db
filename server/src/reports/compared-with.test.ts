/**
 * "Compared with" (issue 16): the report compares a cycle with the
 * partnership's last closed cycle (due before this one opened), never with an
 * earlier cycle still running beside it, and says how many organisations
 * were invited to both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCycle,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  world,
  type TestContext,
} from '../testing';
import { buildCycleSummary } from './report-data';

let t: TestContext;
let currentId: string;

beforeAll(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const w = await world(db);
  const org = (name: string) => createOrganisation(db, [w.pB.id], { name, sector: 'health' });
  const [x, y, z] = [await org('X Trust'), await org('Y Trust'), await org('Z Trust')];
  const green = Array<string>(8).fill('green');
  const closed = await createCycle(db, w.pB.id, [], {
    name: 'Audit 2025-26',
    opensOn: '2025-10-01',
    dueOn: '2026-01-31',
  });
  await createRatedReturn(db, closed.id, x.id, green);
  await createRatedReturn(db, closed.id, y.id, green);
  // Opened before the current cycle but still running beside it.
  const running = await createCycle(db, w.pB.id, [], {
    name: 'Spring check 2026',
    opensOn: '2026-09-01',
    dueOn: '2026-12-31',
  });
  await createRatedReturn(db, running.id, z.id, green);
  const current = await createCycle(db, w.pB.id, [], {
    name: 'Audit 2026-27',
    opensOn: '2026-10-01',
    dueOn: '2027-01-31',
  });
  currentId = current.id;
  await createRatedReturn(db, current.id, x.id, green);
  await createRatedReturn(db, current.id, z.id, green);
});
afterAll(() => t.close());

describe('compared with', () => {
  it('is the last closed cycle, with the organisations invited to both', async () => {
    const summary = await buildCycleSummary(t.database.db, currentId);
    expect(summary.previous).toMatchObject({
      cycle: { name: 'Audit 2025-26' },
      invited: 2,
      returned: 2,
      inBoth: 1,
    });
  });
});
