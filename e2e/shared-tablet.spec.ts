import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';
import { signIn } from './support/app';
import { NEW_PASSWORD, asManager, freshOrganisation } from './support/fixtures';

test('an invitee sets a password from the emailed link and lands on their returns', async ({
  page,
  baseURL,
}) => {
  // The manager invites through the API; the link comes from the development mailbox.
  const email = `invitee-${crypto.randomUUID().slice(0, 6)}@club.example`;
  await freshOrganisation(baseURL ?? '', { variant: 'light', people: [] });
  const { api: request, pid } = await asManager(baseURL ?? '');
  const orgs = (await (await request.get(`/api/partnerships/${pid}/organisations`)).json()) as {
    organisations: { id: string; name: string }[];
  };
  const org = orgs.organisations.find((o) => o.name === 'Canal Rowing Club');
  await request.post(`/api/partnerships/${pid}/invitations`, {
    data: { email, name: 'Robin', role: 'org_editor', organisationId: org?.id },
  });
  const mail = (await (await request.get(`/api/partnerships/${pid}/mailbox`)).json()) as {
    mail: { to: string; body: string }[];
  };
  const link =
    /(\/invitation\/[A-Za-z0-9_-]+)/.exec(mail.mail.find((m) => m.to === email)?.body ?? '')?.[1] ??
    '';

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up your account');
  await expectNoA11yViolations(page);
  await page.getByLabel('Choose a password').fill('short');
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(page.getByRole('alert')).toContainText('at least 12 characters');
  await page.getByLabel('Choose a password').fill('password1234');
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(page.getByRole('alert')).toContainText('too common');
  await page.getByLabel('Choose a password').fill('rowing boats on the canal');
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your Section 11 returns');
  await expect(page.getByRole('link', { name: /Canal Rowing Club/ }).first()).toBeVisible();
});

test('signing out of a shared tablet with unsent work warns first; afterwards the next person sees none of it', async ({
  page,
  context,
  baseURL,
}) => {
  const tag = crypto.randomUUID().slice(0, 6);
  const first = `first-${tag}@nursery.example`;
  const second = `second-${tag}@nursery.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'light',
    people: [{ email: first, role: 'org_editor' }],
  });
  await freshOrganisation(baseURL ?? '', {
    variant: 'light',
    people: [{ email: second, role: 'org_editor' }],
  });
  await signIn(page, first, NEW_PASSWORD);
  await page.goto(`/returns/${returnId}/standards/1`);
  await context.setOffline(true);
  await page.getByLabel('Note (optional)').first().fill('Private note of the first user');
  await expect(page.getByTestId('sync-status')).toContainText('waiting to send');

  await page.getByRole('button', { name: 'Sign out' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('You have changes that have not been sent');
  await expectNoA11yViolations(page);
  // Sending needs the network: back online, "send first" sends and then signs out.
  await context.setOffline(false);
  await dialog.getByRole('button', { name: 'Send my changes first' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');

  await signIn(page, second, NEW_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your Section 11 returns');
  await expect(page.getByText('Private note of the first user')).toHaveCount(0);
  const leftover = await page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    return dbs.map((d) => d.name);
  });
  expect(leftover).toContain('s11-portal');
  await page.goto(`/returns/${returnId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Return not found');
});
