import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const govukAssets = join(
  dirname(require.resolve('govuk-frontend/package.json')),
  'dist/govuk/assets',
);

/** govuk-frontend's images are not copied by the build (STACK-NOTES.md): copy them ourselves. */
function copyGovukAssets() {
  return {
    name: 'copy-govuk-assets',
    writeBundle(options: { dir?: string }) {
      const out = options.dir ?? fileURLToPath(new URL('./dist', import.meta.url));
      if (existsSync(govukAssets))
        cpSync(join(govukAssets, 'images'), join(out, 'govuk-assets/images'), { recursive: true });
    },
  };
}

export default defineConfig({
  css: {
    // govuk-frontend's CSS trips lightningcss's minifier (the "@media zero hack").
    lightningcss: { errorRecovery: true },
    preprocessorOptions: {
      scss: {
        loadPaths: [fileURLToPath(new URL('./node_modules', import.meta.url))],
        quietDeps: true,
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  // Maps are written for debugging but not referenced from the scripts; the
  // production bundle leaves them out and the server never serves them.
  build: { sourcemap: 'hidden', target: 'es2022' },
  plugins: [
    react(),
    copyGovukAssets(),
    VitePWA({
      // Never reload by itself: the app asks the user, after flushing drafts.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'S11 Portal',
        short_name: 'S11 Portal',
        description: 'Section 11 safeguarding self-assessment',
        theme_color: '#0b0c0c',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Precache the whole app shell so a cold start with no network works.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
