/**
 * A partnership: its details and, in development, the mailbox of email that
 * would have been sent. Its organisations, cycles, invitations and people are
 * their own resources (organisations/, cycles/, routes/invitations.ts,
 * routes/people.ts).
 */
import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { IdSchema } from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { requirePartnership } from '../../auth/access';
import { mailbox, partnerships } from '../../db/schema';
import { notFound } from '../../http/problem';
import { pathParams } from '../../http/validate';

const PartnershipParam = z.object({ pid: IdSchema });

export function partnershipRoutes() {
  return new Hono<AppEnv>()
    .get('/partnerships/:pid', pathParams(PartnershipParam), async (c) => {
      const { pid } = c.req.valid('param');
      await requirePartnership(c, pid, 'view');
      const [row] = await c
        .get('deps')
        .database.db.select()
        .from(partnerships)
        .where(eq(partnerships.id, pid));
      if (!row) throw notFound('partnership');
      return c.json({ id: row.id, name: row.name, shortName: row.shortName });
    })
    .get('/partnerships/:pid/mailbox', pathParams(PartnershipParam), async (c) => {
      const { pid } = c.req.valid('param');
      await requirePartnership(c, pid, 'manage');
      // The development mailbox does not exist in production.
      if (c.get('deps').config.NODE_ENV === 'production') throw notFound('mailbox');
      const rows = await c
        .get('deps')
        .database.db.select()
        .from(mailbox)
        .where(eq(mailbox.partnershipId, pid))
        .orderBy(desc(mailbox.createdAt))
        .limit(200);
      return c.json({
        mail: rows.map((m) => ({
          id: m.id,
          to: m.to,
          subject: m.subject,
          body: m.body,
          createdAt: m.createdAt.toISOString(),
        })),
      });
    });
}
