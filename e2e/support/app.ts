import { expect, type BrowserContext, type Page } from '@playwright/test';
import { passSecondFactorInPage } from './second-factor';

export const DEMO_PASSWORD = 's11-demo-password';
export const USERS = {
  dsl: 'dsl@northbridge-nhs.example',
  signatory: 'signatory@northbridge-nhs.example',
  nursery: 'manager@little-acorns.example',
  manager: 'manager@nscp.example',
  board: 'board@nscp.example',
} as const;

/** Signs in through the real form and waits until the service worker controls the page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Partnership staff set up or enter their authenticator code (support/second-factor.ts).
  await passSecondFactorInPage(page, email);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first load is not controlled by the service worker; one reload makes it so.
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  }
}

export async function openReturn(page: Page, cycle = 'Section 11 audit 2026-27'): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: new RegExp(cycle) }).click();
  await expect(page).toHaveURL(/\/returns\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/')[2] ?? '';
}

export async function expectStatus(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByTestId('sync-status')).toContainText(text, { timeout: 20_000 });
}

export async function offline(context: BrowserContext, on: boolean): Promise<void> {
  await context.setOffline(on);
}
