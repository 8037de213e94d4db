/**
 * The sync protocol's two routes (docs/sync-protocol.md): push a batch, pull
 * by cursor. What they do lives in server/src/sync/.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  CursorSchema,
  PullResponseSchema,
  PushRequestDocSchema,
  PushRequestSchema,
  PushResponseSchema,
  type PullResponse,
  type PushResponse,
} from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { actorOf } from '../../audit';
import { requirePrincipal } from '../../auth/access';
import { limitWork } from '../../auth/rate-limit';
import { describe, json } from '../../http/openapi-route';
import { jsonBody, queryParams } from '../../http/validate';
import { pull } from '../../sync/pull';
import { pushMutations } from '../../sync/push';

const PullQuerySchema = z.strictObject({ cursor: CursorSchema.default('0') });

const TOO_MANY = 'Too many items or requests this minute for this user (Retry-After)';

export function syncRoutes() {
  return new Hono<AppEnv>()
    .post(
      '/sync/push',
      describe({
        operationId: 'pushMutations',
        summary: 'Push a batch of mutations; a result for each (docs/sync-protocol.md)',
        description:
          'Each item is a `Mutation` (shared/src/sync/protocol.ts), checked on its own: a malformed or refused item is `rejected` with a problem, alone; the batch still answers 200.',
        tags: ['sync'],
        responses: {
          200: json(PushResponseSchema, 'One result per mutation, in order'),
          429: TOO_MANY,
        },
      }),
      jsonBody(PushRequestSchema, { documentAs: PushRequestDocSchema }),
      async (c) => {
        const principal = requirePrincipal(c);
        const { mutations } = c.req.valid('json');
        // Counted per item, so a loop of full batches is cut off quickly while
        // a device emptying a week's outbox is not.
        await limitWork(c, 'push', mutations.length);
        const deps = c.get('deps');
        const results = await pushMutations(
          {
            db: deps.database.db,
            now: deps.now,
            log: deps.log,
            principal,
            actor: actorOf(c),
            requestId: c.get('requestId'),
            request: { method: c.req.method, path: c.req.path },
          },
          mutations,
        );
        c.get('deps').metrics?.syncResults(results);
        return c.json({ results } satisfies PushResponse);
      },
    )
    .get(
      '/sync/pull',
      describe({
        operationId: 'pullChanges',
        summary: 'Changes since a cursor, oldest first (docs/sync-protocol.md)',
        tags: ['sync'],
        responses: {
          200: json(PullResponseSchema, 'Changes, the new cursor, and whether more are waiting'),
        },
      }),
      queryParams(PullQuerySchema),
      async (c) => {
        const p = requirePrincipal(c);
        const { cursor } = c.req.valid('query');
        const changes: PullResponse = await pull(c.get('deps').database.db, p, Number(cursor));
        return c.json(changes);
      },
    );
}
