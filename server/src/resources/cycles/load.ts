import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Cycle } from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { requirePartnership, type PartnershipAccess } from '../../auth/access';
import { cycles } from '../../db/schema';
import { notFound } from '../../http/problem';

/**
 * A cycle its partnership may `need` (view or manage): refused, the 404 is
 * word for word the one for a cycle that does not exist.
 */
export async function cycleFor(c: Context<AppEnv>, id: string, need: PartnershipAccess) {
  const [cycle] = await c.get('deps').database.db.select().from(cycles).where(eq(cycles.id, id));
  if (!cycle) throw notFound('cycle');
  await requirePartnership(c, cycle.partnershipId, need, { what: 'cycle', id });
  return cycle;
}

/** A cycle as the API sends it. */
export function toCycle(row: Omit<typeof cycles.$inferSelect, 'createdAt'>): Cycle {
  return {
    id: row.id,
    partnershipId: row.partnershipId,
    name: row.name,
    opensOn: row.opensOn,
    dueOn: row.dueOn,
    catalogueVersion: row.catalogueVersion,
  };
}
