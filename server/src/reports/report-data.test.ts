import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCycle,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  world,
  type TestContext,
  type World,
} from '../testing';
import { buildCycleReport, openActionPages, returnRowPages } from './report-data';

let t: TestContext;
let w: World;
let cycleId: string;
const now = new Date('2026-11-22T12:00:00Z');

async function all<T>(pages: AsyncIterable<T[]>) {
  const sizes: number[] = [];
  const rows: T[] = [];
  for await (const p of pages) {
    sizes.push(p.length);
    rows.push(...p);
  }
  return { sizes, rows };
}

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  const db = t.database.db;
  const cycle = await createCycle(db, w.pA.id, [], { name: 'Paging' });
  cycleId = cycle.id;
  // Names repeat so the keyset must break ties by id, not skip or repeat a row.
  const names = ['Beech', 'Alder', 'Beech', 'Cedar', 'Alder', 'Beech', 'Ash'];
  for (const [i, name] of names.entries()) {
    const org = await createOrganisation(db, [w.pA.id], { name });
    await createRatedReturn(db, cycleId, org.id, Array(8).fill('green'), {
      actions: [
        { standard: 1 + (i % 8), what: `Action ${String(i)}`, dueOn: i % 2 ? '2026-01-01' : '' },
        { standard: 2, what: `Later ${String(i)}`, dueOn: `2027-0${String(1 + (i % 5))}-01` },
      ],
    });
  }
});
afterAll(() => t.close());

describe('reading a cycle a page at a time', () => {
  it('gives every return once, in organisation-name order, whatever the page size', async () => {
    const whole = await all(returnRowPages(t.database.db, cycleId, 1000));
    expect(whole.rows.map((r) => r.organisation)).toEqual([
      'Alder',
      'Alder',
      'Ash',
      'Beech',
      'Beech',
      'Beech',
      'Cedar',
    ]);
    const paged = await all(returnRowPages(t.database.db, cycleId, 3));
    expect(paged.sizes).toEqual([3, 3, 1]);
    expect(paged.rows).toEqual(whole.rows);
    expect(new Set(paged.rows.map((r) => r.returnId)).size).toBe(7);
  });

  it('gives open actions overdue first, then by due date with undated last, across pages', async () => {
    const whole = await all(openActionPages(t.database.db, cycleId, now, 1000));
    const paged = await all(openActionPages(t.database.db, cycleId, now, 4));
    expect(paged.rows).toEqual(whole.rows);
    expect(paged.rows).toHaveLength(14);
    const overdue = paged.rows.filter((a) => a.overdue);
    expect(overdue).toHaveLength(3);
    expect(paged.rows.slice(0, 3)).toEqual(overdue);
    const rest = paged.rows.slice(3).map((a) => a.dueOn || '9999');
    expect(rest).toEqual([...rest].sort());
  });

  it('the console report counts the same actions it lists', async () => {
    const report = await buildCycleReport(t.database.db, cycleId, now);
    expect(report.actions.open).toHaveLength(report.actions.openCount);
    expect(report.actions.overdue).toBe(3);
    expect(report.returns).toHaveLength(7);
    expect(report.statusCounts.submitted).toBe(7);
  });
});
