/**
 * Managing people in the console: change a role and disable / re-enable an
 * account (each with its confirmation page), resend and revoke invitations,
 * and the audit log (filters, pages, CSV), with axe on every page.
 */
import { readFile } from 'node:fs/promises';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';
import { USERS, signIn } from './support/app';

const PASSWORD = 'a person of our own password';

async function partnershipId(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as {
    memberships: { scope: string; partnershipId?: string }[];
  };
  return me.memberships.find((m) => m.scope === 'partnership')?.partnershipId ?? '';
}

/** Invites someone over the manager's session and returns the link's token from the mailbox. */
async function invite(page: Page, pid: string, email: string, name: string): Promise<string> {
  const orgs = (await (
    await page.request.get(`/api/partnerships/${pid}/organisations`)
  ).json()) as {
    organisations: { id: string; name: string }[];
  };
  const res = await page.request.post(`/api/partnerships/${pid}/invitations`, {
    data: { email, name, role: 'org_editor', organisationId: orgs.organisations[0]?.id },
  });
  expect(res.status()).toBe(201);
  const mail = (await (await page.request.get(`/api/partnerships/${pid}/mailbox`)).json()) as {
    mail: { to: string; body: string }[];
  };
  return (
    /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.mail.find((m) => m.to === email)?.body ?? '')?.[1] ??
    ''
  );
}

test('a manager changes a person’s role, disables and re-enables their account, each after confirming', async ({
  page,
  baseURL,
}) => {
  const tag = crypto.randomUUID().slice(0, 6);
  const email = `person-${tag}@example.org`;
  const name = `Robin Example ${tag}`;
  await signIn(page, USERS.manager);
  const pid = await partnershipId(page);

  // Someone new accepts an invitation and is signed in on their own device.
  const token = await invite(page, pid, email, name);
  const theirs = await playwrightRequest.newContext({ baseURL });
  expect(
    (
      await theirs.post('/api/auth/invitations/accept', {
        data: { token, name, password: PASSWORD },
      })
    ).status(),
  ).toBe(201);
  expect((await theirs.get('/api/auth/me')).status()).toBe(200);

  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('People');
  const row = page.getByTestId('people').getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Organisation editor');
  await expect(row).toContainText('Active');
  await expectNoA11yViolations(page);

  // Change the role: choose, confirm, done.
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: /^Change role at / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Change ${name}’s role`);
  // Continuing with the same role is an error, shown in the summary.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Choose a role different from');
  await expectNoA11yViolations(page);
  await page.getByLabel('Organisation signatory').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Change ${name}’s role?`);
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByText(`${name} is now Organisation signatory.`)).toBeVisible();
  await expect(page.getByTestId('person')).toContainText('Organisation signatory');
  const me = (await (await theirs.get('/api/auth/me')).json()) as {
    memberships: { role: string }[];
  };
  expect(me.memberships.map((m) => m.role)).toEqual(['org_signatory']);

  // Disable: a warning, then confirm; their session ends at once.
  await page.getByRole('button', { name: 'Disable account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Disable ${name}’s account?`);
  await expect(page.getByText('will be signed out everywhere at once')).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Disable account' }).click();
  await expect(page.getByText(`${name}’s account is disabled.`)).toBeVisible();
  await expect(page.getByTestId('person')).toContainText('Disabled');
  expect((await theirs.get('/api/auth/me')).status()).toBe(401);
  expect(
    (await theirs.post('/api/auth/login', { data: { email, password: PASSWORD } })).status(),
  ).toBe(401);

  // Cancel leaves it as it was; re-enable lets them sign in again.
  await page.getByRole('button', { name: 'Re-enable account' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('person')).toContainText('Disabled');
  await page.getByRole('button', { name: 'Re-enable account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Re-enable ${name}’s account?`);
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Re-enable account' }).click();
  await expect(page.getByText(`${name}’s account is re-enabled.`)).toBeVisible();
  expect(
    (await theirs.post('/api/auth/login', { data: { email, password: PASSWORD } })).status(),
  ).toBe(200);
  await theirs.dispose();

  // A manager cannot disable themselves: their own page says so and offers no button.
  await page.getByRole('link', { name: 'Back to people' }).click();
  await page
    .getByTestId('people')
    .getByRole('row')
    .filter({ hasText: USERS.manager })
    .getByRole('link')
    .click();
  await expect(page.getByText('This is your account.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Disable account' })).toHaveCount(0);
});

test('a manager resends and revokes invitations, and sees each one’s state', async ({ page }) => {
  const tag = crypto.randomUUID().slice(0, 6);
  const email = `invitee-${tag}@example.org`;
  await signIn(page, USERS.manager);
  const pid = await partnershipId(page);
  const firstToken = await invite(page, pid, email, `Invitee ${tag}`);

  await page.getByRole('link', { name: 'Invitations' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invitations');
  const row = page.getByTestId('invitations').getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Pending');
  await expect(row).toContainText('Organisation editor');
  // The development mailbox delivers at once.
  await expect(row.getByTestId('delivery')).toHaveText('Email sent');
  await expectNoA11yViolations(page);

  // Send again: a new link; the old one stops working.
  await row.getByRole('button', { name: `Send again to ${email}` }).click();
  await expect(page.getByText(`Invitation sent again to ${email} with a new link.`)).toBeVisible();
  expect((await page.request.get(`/api/auth/invitations/${firstToken}`)).status()).toBe(404);

  // Revoke, after confirming.
  await row.getByRole('button', { name: `Revoke invitation to ${email}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Revoke the invitation to ${email}?`,
  );
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Revoke invitation' }).click();
  await expect(page.getByText(`The invitation to ${email} is revoked.`)).toBeVisible();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button')).toHaveCount(0);

  // The filter shows only pending ones.
  await page.getByLabel('Show').selectOption('pending');
  await expect(row).toHaveCount(0);
  await page.getByLabel('Show').selectOption('revoked');
  await expect(row).toContainText('Revoked');
  await expectNoA11yViolations(page);
});

test('a manager filters the audit log, pages through it and downloads it as CSV', async ({
  page,
}) => {
  await signIn(page, USERS.manager);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  const table = page.getByTestId('audit-log');
  await expect(table.locator('caption')).toContainText(/Entries 1 to \d+ of \d+/);
  await expectNoA11yViolations(page);

  // A date range the wrong way round is refused in the error summary.
  await page.getByLabel('From (date)').fill('2026-03-02');
  await page.getByLabel('To (date)').fill('2026-03-01');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'The end date must be the same as or after the start date',
  );
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Sign-ins by the manager only.
  await page.getByLabel('Action').selectOption({ label: 'Signed in' });
  await page.getByLabel('Person’s email address').fill('manager@nscp');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const rows = table.locator('tbody tr');
  // The previous page stays on screen (aria-busy) until the filtered one arrives.
  await expect
    .poll(async () => {
      const texts = await rows.allTextContents();
      return (
        texts.length > 0 && texts.every((t) => t.includes(USERS.manager) && t.includes('Signed in'))
      );
    })
    .toBe(true);
  await expect(table).toHaveAttribute('aria-busy', 'false');

  // Today only, then pages of 50.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('From (date)').fill(today);
  await page.getByLabel('To (date)').fill(today);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(table).toHaveAttribute('aria-busy', 'false');
  await expect(table.locator('caption')).toContainText(/Entries 1 to \d+ of \d+/);
  const older = page.getByRole('button', { name: 'Older entries' });
  if (await older.isVisible()) {
    await older.click();
    await expect(table.locator('caption')).toContainText(/Entries 51 to/);
    await page.getByRole('button', { name: 'Newer entries' }).click();
    await expect(table.locator('caption')).toContainText(/Entries 1 to/);
  }

  // The CSV holds the same filtered entries.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Action').selectOption({ label: 'Signed in' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(table).toHaveAttribute('aria-busy', 'false');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download these entries (CSV)' }).click();
  const d = await download;
  expect(d.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await d.path()) ?? '', 'utf8');
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    'Date and time (UTC),Who,Action,Action code,Record type,Record id,Organisation,Details,IP address',
  );
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((l) => l.includes(',Signed in,sign_in,'))).toBe(true);
  await expect(page.getByText(/Downloaded audit-log-/)).toBeVisible();
});

test('an organisation’s signatory sees who has access to their organisation', async ({ page }) => {
  await signIn(page, USERS.signatory);
  await page.getByRole('link', { name: /^People in / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^People in /);
  const table = page.getByTestId('organisation-people');
  await expect(table.getByRole('row').filter({ hasText: USERS.dsl })).toContainText(
    'Organisation editor',
  );
  await expect(table.getByRole('row').filter({ hasText: USERS.signatory })).toContainText(
    'Organisation signatory',
  );
  await expect(table).not.toContainText(USERS.manager);
  await expectNoA11yViolations(page);
});
