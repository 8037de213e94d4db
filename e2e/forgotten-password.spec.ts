import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';
import { NEW_PASSWORD, asManager, invitePerson } from './support/fixtures';

/**
 * A person recovers a forgotten password alone: the sign-in page's link, the
 * email (from the development mailbox), a new password, signed in; the old
 * password no longer works.
 */
test('forgotten password: the emailed link sets a new password; the old one is refused', async ({
  page,
  baseURL,
}) => {
  const email = `forgetful-${crypto.randomUUID().slice(0, 6)}@northbridge-nhs.example`;
  const { api, pid } = await asManager(baseURL ?? '');
  const orgs = (await (await api.get(`/api/partnerships/${pid}/organisations`)).json()) as {
    organisations: { id: string }[];
  };
  await invitePerson(baseURL ?? '', api, pid, {
    email,
    role: 'org_editor',
    organisationId: orgs.organisations[0]?.id ?? '',
  });

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expectNoA11yViolations(page);

  // The email, from the development mailbox (filed under the person's partnership).
  const mail = (await (await api.get(`/api/partnerships/${pid}/mailbox`)).json()) as {
    mail: { to: string; subject: string; body: string }[];
  };
  await api.dispose();
  const resetMail = mail.mail.find(
    (m) => m.to === email && m.subject === 'Reset your S11 Portal password',
  );
  const link =
    /https?:\/\/[^/\s]+(\/reset-password\/[A-Za-z0-9_-]{43})/.exec(resetMail?.body ?? '')?.[1] ??
    '';
  expect(link).not.toBe('');

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectNoA11yViolations(page);
  const fresh = 'a brand new recovered passphrase';
  await page.getByLabel('New password').fill(fresh);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Your password has been changed' })).toBeVisible();
  await expectNoA11yViolations(page);

  // The old password is refused.
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#password-error')).toContainText(
    'Your email address or password is not right.',
  );
  await expectNoA11yViolations(page);

  // The new one signs in.
  await page.getByLabel('Password').fill(fresh);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The link worked once.
  await page.goto(link);
  await expect(
    page.getByRole('heading', { name: 'This password reset link has expired or been used' }),
  ).toBeVisible();
});
