/**
 * Returns: an organisation's own (`/returns/mine`), a cycle's tracker list,
 * one whole return, starting from last cycle's, and what the partnership does
 * with it (status changes, moderation).
 */
import { asc, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  IdSchema,
  LIMITS,
  ModerationInputSchema,
  StandardNumberSchema,
  multilineText,
} from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { organisationIdsOf, requirePrincipal, requireReturn } from '../../auth/access';
import { cycles, organisations, returns } from '../../db/schema';
import { jsonBody, pathParams } from '../../http/validate';
import { toModeration, toReturn } from '../../sync/records';
import { contextOf } from '../context';
import { cycleFor } from '../cycles/load';
import { carryForward } from './carry-forward';
import { fullReturn } from './full-return';
import { changeStatus, moderate } from './moderation';

const IdParam = z.object({ id: IdSchema });
const ModerationParam = z.object({
  id: IdSchema,
  standard: z.coerce.number().pipe(StandardNumberSchema),
});

export const StatusChangeSchema = z.strictObject({
  status: z.enum(['returned_for_changes', 'accepted']),
  message: multilineText(LIMITS.note).default(''),
});

export function returnRoutes() {
  return new Hono<AppEnv>()
    .get('/returns/mine', async (c) => {
      const p = requirePrincipal(c);
      const orgIds = organisationIdsOf(p);
      if (!orgIds.length) return c.json({ returns: [] });
      const rows = await c
        .get('deps')
        .database.db.select({ r: returns, cy: cycles, o: organisations })
        .from(returns)
        .innerJoin(cycles, eq(cycles.id, returns.cycleId))
        .innerJoin(organisations, eq(organisations.id, returns.organisationId))
        .where(inArray(returns.organisationId, orgIds))
        .orderBy(desc(cycles.opensOn));
      return c.json({
        returns: rows.map(({ r, cy, o }) => ({
          ...toReturn(r),
          statusMessage: r.statusMessage,
          cycle: {
            id: cy.id,
            name: cy.name,
            opensOn: cy.opensOn,
            dueOn: cy.dueOn,
            partnershipId: cy.partnershipId,
          },
          organisation: { id: o.id, name: o.name, sector: o.sector, subType: o.subType },
        })),
      });
    })
    .get('/cycles/:id/returns', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await cycleFor(c, id, 'view');
      const rows = await c
        .get('deps')
        .database.db.select({ r: returns, o: organisations })
        .from(returns)
        .innerJoin(organisations, eq(organisations.id, returns.organisationId))
        .where(eq(returns.cycleId, id))
        .orderBy(asc(organisations.name));
      return c.json({
        returns: rows.map(({ r, o }) => ({
          id: r.id,
          organisationId: o.id,
          organisationName: o.name,
          sector: o.sector,
          subType: o.subType,
          variant: r.variant,
          status: r.status,
          updatedAt: r.updatedAt.toISOString(),
        })),
      });
    })
    .get('/returns/:id', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await requireReturn(c, id, 'read');
      return c.json(await fullReturn(c.get('deps').database.db, id));
    })
    .post('/returns/:id/carry-forward', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const acc = await requireReturn(c, id, 'edit');
      await carryForward(contextOf(c), { ...acc.ret, partnershipId: acc.partnershipId });
      return c.json(await fullReturn(c.get('deps').database.db, id));
    })
    .post('/returns/:id/status', pathParams(IdParam), jsonBody(StatusChangeSchema), async (c) => {
      const { id } = c.req.valid('param');
      const acc = await requireReturn(c, id, 'moderate');
      await changeStatus(
        contextOf(c),
        { ...acc.ret, partnershipId: acc.partnershipId },
        c.req.valid('json'),
      );
      return c.json(await fullReturn(c.get('deps').database.db, id));
    })
    .put(
      '/returns/:id/moderation/:standard',
      pathParams(ModerationParam),
      jsonBody(ModerationInputSchema),
      async (c) => {
        const { id, standard } = c.req.valid('param');
        const acc = await requireReturn(c, id, 'moderate');
        const row = await moderate(
          contextOf(c),
          { ...acc.ret, partnershipId: acc.partnershipId },
          standard,
          c.req.valid('json'),
        );
        return c.json(toModeration(row, acc.principal.name));
      },
    );
}
