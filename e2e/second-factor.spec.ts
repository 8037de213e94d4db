import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';
import { NEW_PASSWORD, asManager, invitePerson } from './support/fixtures';
import { freshCode } from './support/second-factor';

test('a new partnership manager sets up an authenticator at first sign-in, then signs in with a code or a recovery code', async ({
  page,
  baseURL,
}) => {
  const email = `manager-${crypto.randomUUID().slice(0, 6)}@nscp.example`;
  const { api, pid } = await asManager(baseURL ?? '');
  await invitePerson(baseURL ?? '', api, pid, { email, role: 'partnership_manager' });
  await api.dispose();

  // First sign-in: the password, then the set-up page.
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\/set-up-authenticator$/);
  await expect(page.getByRole('heading', { name: 'Set up your authenticator app' })).toBeFocused();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await page.getByText('I cannot scan the QR code').click();
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectNoA11yViolations(page);

  // Nothing of the console is reachable with the password alone.
  const early = await page.request.get(`/api/partnerships/${pid}`);
  expect(early.status()).toBe(401);
  expect(((await early.json()) as { secondFactor: string }).secondFactor).toBe('setup');

  // A wrong code: the error summary takes focus and links to the field.
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toBeFocused();
  await expect(page.getByRole('alert').getByRole('link')).toHaveAttribute('href', '#code');
  await expectNoA11yViolations(page);

  await page.getByLabel('Code from your authenticator app').fill(await freshCode(email, secret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
  const codes = await page
    .getByRole('list', { name: 'Your recovery codes' })
    .locator('code')
    .allTextContents();
  expect(codes).toHaveLength(10);
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByTestId('overall-rollup')).toBeVisible();

  // Next time: the password, then a recovery code (no phone to hand).
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\/code$/);
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'I do not have my phone' }).click();
  await page.getByLabel('Recovery code').fill(codes[0] ?? '');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('overall-rollup')).toBeVisible();

  // The same recovery code does not work twice; a code from the app does.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'I do not have my phone' }).click();
  await page.getByLabel('Recovery code').fill(codes[0] ?? '');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('not right or has been used');
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Use a code from your app instead' }).click();
  await page.getByLabel('Code from your authenticator app').fill(await freshCode(email, secret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('overall-rollup')).toBeVisible();
});
