/**
 * The production build: the server bundled by esbuild into plain JavaScript
 * that `node` runs directly (no tsx), with everything it reads at run time
 * beside it, so `server/dist/` plus a production install is the whole service:
 *
 *   server/dist/main.js               the server, @s11/shared bundled in
 *   server/dist/drizzle/              the migrations
 *   server/dist/public/               the built web app (web/dist)
 *   server/dist/common-passwords.txt  read by auth/passwords.ts
 *
 * npm packages stay external (imported from node_modules at run time), so they
 * must be in server/package.json's `dependencies`: `pnpm install --prod` is
 * then enough. Run after `pnpm build` (the web app); see docs/deployment.md.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Bundles the server into `outDir` (which must sit under server/ so the
 * external packages resolve from server/node_modules). `webDist: null` leaves
 * the web app out (tests that do not need it).
 */
export async function buildServer(
  outDir = here('./dist'),
  webDist: string | null = here('../web/dist'),
): Promise<string> {
  const pkg = JSON.parse(readFileSync(here('./package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  // Every runtime package except the workspace's own TypeScript sources.
  const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@s11/'));

  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [here('./src/main.ts')],
    outfile: `${outDir}/main.js`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: true,
    // Subpath imports (drizzle-orm/pg-core, hono/body-limit...) stay external too.
    external: external.flatMap((name) => [name, `${name}/*`]),
    // Tells src/paths.ts that migrations and the web app sit beside main.js.
    define: { S11_BUNDLED: 'true' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  cpSync(here('./drizzle'), `${outDir}/drizzle`, { recursive: true });
  // Source maps of the web app stay out of the production bundle.
  if (webDist)
    cpSync(webDist, `${outDir}/public`, {
      recursive: true,
      filter: (src) => !src.endsWith('.map'),
    });
  cpSync(here('./src/auth/common-passwords.txt'), `${outDir}/common-passwords.txt`);
  return `${outDir}/main.js`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const webDist = here('../web/dist');
  if (!existsSync(`${webDist}/index.html`)) {
    console.error('web/dist is missing: run "pnpm build" (the web app) first.');
    process.exit(1);
  }
  const main = await buildServer();
  console.log(`Built ${main} (start it with: node server/dist/main.js)`);
}
