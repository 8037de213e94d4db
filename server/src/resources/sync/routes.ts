/**
 * The sync protocol's two routes (docs/sync-protocol.md): push a batch, pull
 * by cursor. What they do lives in server/src/sync/.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { CursorSchema, PushRequestSchema } from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { requirePrincipal } from '../../auth/access';
import { limitWork } from '../../auth/rate-limit';
import { jsonBody, queryParams } from '../../http/validate';
import { pull } from '../../sync/pull';
import { pushMutations } from '../../sync/push';

const PullQuerySchema = z.strictObject({ cursor: CursorSchema.default('0') });

export function syncRoutes() {
  return new Hono<AppEnv>()
    .post('/sync/push', jsonBody(PushRequestSchema), async (c) => {
      requirePrincipal(c);
      const { mutations } = c.req.valid('json');
      // Counted per item, so a loop of full batches is cut off quickly while
      // a device emptying a week's outbox is not.
      await limitWork(c, 'push', mutations.length);
      const results = await pushMutations(c, mutations);
      c.get('deps').metrics?.syncResults(results);
      return c.json({ results });
    })
    .get('/sync/pull', queryParams(PullQuerySchema), async (c) => {
      const p = requirePrincipal(c);
      const { cursor } = c.req.valid('query');
      return c.json(await pull(c.get('deps').database.db, p, Number(cursor)));
    });
}
