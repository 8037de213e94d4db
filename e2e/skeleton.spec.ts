import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';

test('the built app is served by the server and shows the 8 standards', async ({
  page,
  request,
}) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The 8 safeguarding standards');
  await expect(page.getByRole('heading', { level: 2 })).toHaveCount(8);
  await expect(
    page.getByRole('heading', { name: 'Standard 6: Safer recruitment and allegations' }),
  ).toBeVisible();
  await expectNoA11yViolations(page);
});

test('the PWA manifest and service worker are served', async ({ request }) => {
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  expect((await manifest.json()) as { name: string }).toMatchObject({
    name: 'S11 Portal',
    display: 'standalone',
  });
  const sw = await request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['cache-control']).toBe('no-cache');
});
