/**
 * A partnership: its details and, in development, the mailbox of email that
 * would have been sent. Its organisations, cycles, invitations and people are
 * their own resources (organisations/, cycles/, routes/invitations.ts,
 * routes/people.ts).
 */
import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  IdSchema,
  MailboxSchema,
  PartnershipSchema,
  type MailboxEntry,
  type Partnership,
} from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { requirePartnership } from '../../auth/access';
import { mailbox, partnerships } from '../../db/schema';
import { notFound } from '../../http/problem';
import { NOT_ALLOWED, describe, json } from '../../http/openapi-route';
import { pathParams } from '../../http/validate';
import { partnershipAccess } from './access';

const PartnershipParam = z.object({ pid: IdSchema });

export function toPartnership(row: typeof partnerships.$inferSelect): Partnership {
  return { id: row.id, name: row.name, shortName: row.shortName };
}

/** A mail in the development mailbox. */
export function toMailboxEntry(row: typeof mailbox.$inferSelect): MailboxEntry {
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

export function partnershipRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/partnerships/:pid',
      describe({
        operationId: 'getPartnership',
        summary: 'A partnership: its name and short name (its managers and viewers)',
        tags: ['partnership'],
        responses: { 200: json(PartnershipSchema, 'The partnership') },
      }),
      pathParams(PartnershipParam),
      partnershipAccess('view'),
      async (c) => {
        const { pid } = c.req.valid('param');
        const [row] = await c
          .get('deps')
          .database.db.select()
          .from(partnerships)
          .where(eq(partnerships.id, pid));
        if (!row) throw notFound('partnership');
        return c.json(toPartnership(row));
      },
    )
    .get(
      '/partnerships/:pid/mailbox',
      describe({
        operationId: 'listMailbox',
        summary: 'Development mailbox: mail that would have been sent, newest 200 (manager)',
        tags: ['partnership'],
        responses: {
          200: json(MailboxSchema, 'The mail, newest first'),
          403: NOT_ALLOWED,
          404: 'No such partnership, or this is production (there is no mailbox)',
        },
      }),
      pathParams(PartnershipParam),
      async (c) => {
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
        return c.json({ mail: rows.map(toMailboxEntry) });
      },
    );
}
