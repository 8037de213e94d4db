import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../app-env';

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
    .get('/', async (c) => {
      const deps = c.get('deps');
      if (await databaseAnswers(deps)) {
        return c.json({ status: 'ok' as const, database: deps.database.kind });
      }
      c.header('Retry-After', '5');
      return c.json({ status: 'unavailable' as const, database: deps.database.kind }, 503);
    })
    .get('/live', (c) => c.json({ status: 'ok' as const }))
    .get('/ready', async (c) => {
      const deps = c.get('deps');
      const accepting = deps.readiness?.() ?? true;
      if (accepting && (await databaseAnswers(deps))) return c.json({ status: 'ready' as const });
      c.header('Retry-After', '5');
      return c.json(
        { status: accepting ? ('database unavailable' as const) : ('not ready' as const) },
        503,
      );
    });
}
