import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';

test('the server serves the built app, its health, the PWA manifest and the service worker', async ({
  page,
  request,
}) => {
  expect((await request.get('/api/health')).status()).toBe(200);
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  expect((await manifest.json()) as object).toMatchObject({
    name: 'S11 Portal',
    display: 'standalone',
  });
  const sw = await request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['cache-control']).toBe('no-cache');

  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expectNoA11yViolations(page);
});

test('sign-in errors appear in a focused error summary linked to the fields', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: 'Enter your email address' })).toHaveAttribute(
    'href',
    '#email',
  );
  await expectNoA11yViolations(page);
  await page.getByLabel('Email address').fill('dsl@northbridge-nhs.example');
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Your email address or password is not right.',
  );
});
