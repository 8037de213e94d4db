/**
 * Figure 1, first load weight: gzip bytes of the JS and CSS the tablet form
 * needs to open a return (the entry script, its preloaded chunks and the CSS;
 * lazy chunks such as the partnership console are not counted), against a
 * bare React page built with the same Vite build settings.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** gzip bytes of everything index.html loads up front. */
export function firstLoadBytes(dist: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  const files = [...new Set(refs)];
  const bytes = files.reduce(
    (sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length,
    0,
  );
  return { bytes, files };
}

export async function buildBare(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: join(here, 'bare'),
    base: '/',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false },
  });
}

export async function measureFirstLoad(tmp: string) {
  const bareDir = join(tmp, 'bare-dist');
  await buildBare(bareDir);
  const ours = firstLoadBytes(webDist);
  const bare = firstLoadBytes(bareDir);
  if (!readdirSync(webDist).includes('index.html'))
    throw new Error('Build the web app first (pnpm build).');
  return { ours: ours.bytes, baseline: bare.bytes, oursFiles: ours.files };
}
