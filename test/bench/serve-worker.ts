/**
 * The server in a process of its own, listening on loopback, for figure 6
 * and the soak: load generators and simulated devices must not share its
 * event loop, and its memory must be its own.
 * Usage: serve-worker.ts <database url>. Prints {"port": N} once listening.
 */
import { serve } from '@hono/node-server';
import { openPostgres } from '@s11/server';
import { benchApp } from './bench-app';

const url = process.argv[2];
if (!url) throw new Error('Missing the database url');
const database = await openPostgres(url, false);
const app = benchApp(database);
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ port: info.port }));
});
process.on('SIGTERM', () => process.exit(0));
