/**
 * Files the server reads at run time. From source (tsx, vitest) they are found
 * in the repository; in the production bundle (server/build.ts defines
 * S11_BUNDLED) they are copied beside server/dist/main.js.
 */
import { fileURLToPath } from 'node:url';

declare const S11_BUNDLED: boolean | undefined;
const bundled = typeof S11_BUNDLED !== 'undefined' && S11_BUNDLED;

/** drizzle-kit's migrations folder. */
export const MIGRATIONS_FOLDER = fileURLToPath(
  new URL(bundled ? './drizzle' : '../drizzle', import.meta.url),
);

/** The built web app, served on the same origin as the API. */
export const DEFAULT_WEB_DIST = fileURLToPath(
  new URL(bundled ? './public' : '../../web/dist', import.meta.url),
);
