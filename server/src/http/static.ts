/**
 * Serves the built web app (web/dist) on the same origin as the API, so the
 * session cookie, the CSP and the service worker scope are all one origin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** `production`: source maps are not served (they would publish the app's source). */
export function staticApp(webDist: string, production = false): Hono {
  const app = new Hono();
  if (production) app.get('*', (c, next) => (c.req.path.endsWith('.map') ? c.notFound() : next()));
  const indexPath = join(webDist, 'index.html');
  if (!existsSync(indexPath)) {
    app.get('*', (c) =>
      c.text(
        'The web app has not been built yet. Run "pnpm build" (or "pnpm start", which builds first).',
        503,
      ),
    );
    return app;
  }
  const indexHtml = readFileSync(indexPath, 'utf8');
  app.use('*', async (c, next) => {
    await next();
    const path = c.req.path;
    // The service worker and the HTML must be revalidated so updates are seen;
    // hashed assets never change, so they are cached for a year.
    if (path === '/sw.js' || path.endsWith('.html') || path.endsWith('.webmanifest')) {
      c.header('Cache-Control', 'no-cache');
    } else if (path.startsWith('/assets/')) {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    }
  });
  app.use('*', serveStatic({ root: webDist }));
  // Client-side routes: any other GET that is not a file gets the app shell.
  app.get('*', (c) => {
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return c.notFound();
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml);
  });
  return app;
}
