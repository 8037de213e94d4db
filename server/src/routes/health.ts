import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../app-env';

/** Liveness and database reachability, for load balancers and the README's check. */
export function healthRoutes() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const { db } = c.get('deps').database;
    try {
      await db.execute(sql`select 1`);
      return c.json({ status: 'ok' as const, database: c.get('deps').database.kind });
    } catch {
      c.header('Retry-After', '5');
      return c.json({ status: 'unavailable' as const, database: c.get('deps').database.kind }, 503);
    }
  });
}
