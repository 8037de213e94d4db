import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { IdSchema, OrganisationInputSchema } from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import { requireOrganisation } from '../auth/access';
import { organisationPartnerships, organisations } from '../db/schema';
import { notFound } from '../http/problem';
import { jsonBody, pathParams } from '../http/validate';

const IdParam = z.object({ id: IdSchema });

/** One organisation: read by its members and its partnerships; edited by a partnership manager. */
export function organisationRoutes() {
  return new Hono<AppEnv>()
    .get('/:id', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await requireOrganisation(c, id, 'read');
      const db = c.get('deps').database.db;
      const [o] = await db.select().from(organisations).where(eq(organisations.id, id));
      if (!o) throw notFound('organisation');
      const links = await db
        .select()
        .from(organisationPartnerships)
        .where(eq(organisationPartnerships.organisationId, id));
      return c.json({
        id: o.id,
        name: o.name,
        sector: o.sector,
        subType: o.subType,
        usualVariant: o.usualVariant,
        contactName: o.contactName,
        contactEmail: o.contactEmail,
        partnershipIds: links.map((l) => l.partnershipId),
      });
    })
    .put('/:id', pathParams(IdParam), jsonBody(OrganisationInputSchema), async (c) => {
      const { id } = c.req.valid('param');
      await requireOrganisation(c, id, 'manage');
      const input = c.req.valid('json');
      const db = c.get('deps').database.db;
      const [before] = await db.select().from(organisations).where(eq(organisations.id, id));
      if (!before) throw notFound('organisation');
      await db.update(organisations).set(input).where(eq(organisations.id, id));
      const changed = (Object.keys(input) as (keyof typeof input)[]).filter(
        (k) => before[k] !== input[k],
      );
      await audit(c, {
        action: 'organisation_updated',
        entity: 'organisation',
        entityId: id,
        organisationId: id,
        detail: { fields: changed },
      });
      return c.json({ id, ...input });
    });
}
