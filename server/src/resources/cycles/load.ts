import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
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
