import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import {
  HealthSchema,
  LivenessSchema,
  ReadinessSchema,
  type Health,
  type Liveness,
  type Readiness,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { describe, json } from '../http/openapi-route';

/**
 * Probes for load balancers and orchestrators:
 * - `/api/health/live`: the process answers (no database call), for restarts;
 * - `/api/health/ready`: this instance should get traffic: started, not
 *   draining after SIGTERM, and its database answers;
 * - `/api/health`: database reachability (the README's check).
 */
export function healthRoutes() {
  const databaseAnswers = async (deps: AppEnv['Variables']['deps']) => {
    try {
      await deps.database.db.execute(sql`select 1`);
      return true;
    } catch {
      return false;
    }
  };
  return new Hono<AppEnv>()
    .get(
      '/',
      describe({
        operationId: 'getHealth',
        summary: 'Database reachability',
        tags: ['service'],
        public: true,
        responses: {
          200: json(HealthSchema, 'The database answers'),
          503: json(HealthSchema, 'The database does not answer (Retry-After)'),
        },
      }),
      async (c) => {
        const deps = c.get('deps');
        if (await databaseAnswers(deps)) {
          return c.json({ status: 'ok', database: deps.database.kind } satisfies Health);
        }
        c.header('Retry-After', '5');
        return c.json(
          { status: 'unavailable', database: deps.database.kind } satisfies Health,
          503,
        );
      },
    )
    .get(
      '/live',
      describe({
        operationId: 'getLiveness',
        summary: 'Liveness: the process answers (no database call)',
        tags: ['service'],
        public: true,
        responses: { 200: json(LivenessSchema, 'The process answers') },
      }),
      (c) => c.json({ status: 'ok' } satisfies Liveness),
    )
    .get(
      '/ready',
      describe({
        operationId: 'getReadiness',
        summary: 'Readiness: started, not draining after SIGTERM, database answers',
        tags: ['service'],
        public: true,
        responses: {
          200: json(ReadinessSchema, 'Ready for traffic'),
          503: json(ReadinessSchema, 'Not started, draining, or the database does not answer'),
        },
      }),
      async (c) => {
        const deps = c.get('deps');
        const accepting = deps.readiness?.() ?? true;
        if (accepting && (await databaseAnswers(deps))) {
          return c.json({ status: 'ready' } satisfies Readiness);
        }
        c.header('Retry-After', '5');
        return c.json(
          { status: accepting ? 'database unavailable' : 'not ready' } satisfies Readiness,
          503,
        );
      },
    );
}
