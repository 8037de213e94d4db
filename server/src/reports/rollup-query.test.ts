import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  RAG_VALUES,
  RETURNED_STATUSES,
  SECTOR_CODES,
  STANDARD_NUMBERS,
  rollUp,
  type RatedReturn,
  type ReturnStatus,
} from '@s11/shared';
import { standardResponses } from '../db/schema';
import {
  createCycle,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  world,
  type TestContext,
  type World,
} from '../testing';
import { rollupForCycle } from './rollup-query';

let t: TestContext;
let w: World;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
});
afterAll(() => t.close());

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('the roll-up counted by the database', () => {
  it('gives exactly what the shared roll-up gives for the same returns', async () => {
    const db = t.database.db;
    const next = random(20261122);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const cycle = await createCycle(db, w.pA.id, [], { name: 'Equivalence' });
    const statuses: ReturnStatus[] = [
      'not_started',
      'in_progress',
      'submitted',
      'returned_for_changes',
      'accepted',
    ];
    const expected: RatedReturn[] = [];
    for (let i = 0; i < 60; i++) {
      const sector = pick(SECTOR_CODES);
      const org = await createOrganisation(db, [w.pA.id], { name: `Org ${String(i)}`, sector });
      const self = STANDARD_NUMBERS.map(() => (next() < 0.15 ? null : pick(RAG_VALUES)));
      const moderated = STANDARD_NUMBERS.map(() =>
        next() < 0.3 ? pick(RAG_VALUES.filter((r) => r !== 'not_rated')) : null,
      );
      const status = pick(statuses);
      const id = await createRatedReturn(db, cycle.id, org.id, self, { status, moderated });
      // Some returns lack a standard's row altogether (never opened on any device).
      const missing = next() < 0.2 ? pick(STANDARD_NUMBERS) : null;
      if (missing)
        await db
          .delete(standardResponses)
          .where(and(eq(standardResponses.returnId, id), eq(standardResponses.standard, missing)));
      if (RETURNED_STATUSES.has(status))
        expected.push({
          returnId: id,
          organisationId: org.id,
          sector,
          // A missing row has no self-rating, but a partnership rating still counts.
          ratings: STANDARD_NUMBERS.map((n) => ({
            standard: n,
            self: n === missing ? null : (self[n - 1] ?? null),
            moderated: moderated[n - 1] ?? null,
          })),
        });
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(await rollupForCycle(db, cycle.id)).toEqual(rollUp(expected));
  });

  it('is empty, not an error, for a cycle with nothing returned', async () => {
    const db = t.database.db;
    const cycle = await createCycle(db, w.pA.id, [], { name: 'Empty' });
    const rollup = await rollupForCycle(db, cycle.id);
    expect(rollup.returns).toBe(0);
    expect(rollup.self.overall.total).toBe(0);
    expect(rollup).toEqual(rollUp([]));
  });
});
