import { expect, test, request as playwrightRequest, type Page } from '@playwright/test';
import { STANDARDS } from '@s11/shared';
import { expectNoA11yViolations } from './support/a11y';
import { USERS, signIn } from './support/app';

test('a manager imports organisations, opens a cycle, sees a DSL’s return arrive, moderates it and downloads every export', async ({
  page,
  browser,
  baseURL,
}) => {
  // The whole year in one journey, with two staff sign-ins that may each wait up to
  // 30 s for an unused authenticator code: more than the 60 s a single step needs.
  test.setTimeout(180_000);
  const tag = crypto.randomUUID().slice(0, 6);
  await signIn(page, USERS.manager);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partnership console');
  await expect(page.getByTestId('overall-rollup')).toBeVisible();
  await expectNoA11yViolations(page);

  // Import from CSV, previewed first.
  await page.getByRole('link', { name: 'Organisations' }).click();
  await page.getByText('Import organisations from a CSV file').click();
  const csv = `Name,Sector,Type,Form,Contact name,Contact email\r\nE2E Clinic ${tag},Health,,Full,Pat,pat@clinic.example\r\nE2E Youth Club ${tag},Voluntary and community,,Light,,\r\n`;
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'orgs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-preview')).toContainText('2 rows; 0 with problems');
  await page.getByRole('button', { name: 'Import 2 organisations' }).click();
  await expect(page.getByText('2 organisations imported.')).toBeVisible();
  await expect(page.getByTestId('organisations')).toContainText(`E2E Clinic ${tag}`);
  await expectNoA11yViolations(page);

  // Invite the clinic's lead.
  const dsl = `lead-${tag}@clinic.example`;
  await page.getByText('Invite someone').click();
  await page.getByLabel('Email address').fill(dsl);
  await page.getByLabel('Name').fill('Clinic Lead');
  await page.getByLabel('Role').selectOption('org_signatory');
  await page
    .getByLabel('Organisation', { exact: true })
    .selectOption({ label: `E2E Clinic ${tag}` });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  // The development mailbox delivers at once: the manager sees the email as sent.
  await expect(page.getByTestId('invitation-result')).toContainText(
    `Invitation for ${dsl}: Email sent`,
  );

  // Open a cycle inviting the clinic.
  await page.getByRole('link', { name: 'Cycles' }).click();
  await page.getByLabel('Name').fill(`E2E audit ${tag}`);
  await page.getByLabel('Opens').fill('2030-01-01');
  await page.getByLabel('Due').fill('2030-03-31');
  await page.getByRole('checkbox', { name: `E2E Clinic ${tag}` }).check();
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Open the cycle and invite 1 organisations' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Returns');
  await expect(page.getByTestId('tracker')).toContainText('Not started');
  await expectNoA11yViolations(page);

  // The DSL, on their own device, accepts the invitation and sends a complete return.
  const mail = (await (
    await page.request.get(`/api/partnerships/${await partnershipId(page)}/mailbox`)
  ).json()) as { mail: { to: string; body: string }[] };
  const token =
    /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.mail.find((m) => m.to === dsl)?.body ?? '')?.[1] ??
    '';
  const accept = await playwrightRequest.newContext({ baseURL });
  expect(
    (
      await accept.post('/api/auth/invitations/accept', {
        data: { token, name: 'Clinic Lead', password: 'clinic lead password' },
      })
    ).status(),
  ).toBe(201);
  await accept.dispose();
  const dslContext = await browser.newContext();
  const dslPage = await dslContext.newPage();
  await signIn(dslPage, dsl, 'clinic lead password');
  await dslPage.getByRole('link', { name: new RegExp(`E2E audit ${tag}`) }).click();
  const returnId = new URL(dslPage.url()).pathname.split('/')[2] ?? '';
  const mutations = STANDARDS.map((s) => ({
    mutationId: crypto.randomUUID(),
    returnId,
    kind: 'standard',
    standard: s.number,
    baseVersion: 0,
    changes: {
      currentPractice: `Practice ${String(s.number)}`,
      evidence: `Evidence ${String(s.number)}`,
      rag: 'green',
      completed: true,
    },
  }));
  expect((await dslPage.request.post('/api/sync/push', { data: { mutations } })).status()).toBe(
    200,
  );
  await dslPage.goto(`/returns/${returnId}/check`);
  await dslPage.getByLabel('Your job title').fill('Clinical director');
  await dslPage.getByLabel(/I confirm that/).check();
  await dslPage.getByRole('button', { name: 'Sign off and send' }).click();
  await expect(dslPage.getByRole('heading', { name: 'Return sent' })).toBeVisible({
    timeout: 20_000,
  });

  // The manager sees it arrive, moderates, accepts.
  await page.reload();
  await expect(page.getByTestId('tracker')).toContainText('Submitted');
  await page.getByRole('link', { name: `E2E Clinic ${tag}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`E2E Clinic ${tag}`);
  await page
    .getByRole('group', { name: 'Partnership rating for standard 1' })
    .getByLabel('Amber')
    .check();
  await page.getByLabel('Comment for standard 1').fill('Board reporting is not yet evidenced.');
  await page.getByRole('button', { name: 'Save moderation for standard 1' }).click();
  await expect(page.getByTestId('moderation-1')).toContainText('Amber');
  await expect(page.getByTestId('moderation-1')).toContainText(
    'Board reporting is not yet evidenced.',
  );
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Accept the return' }).click();
  await expect(page.getByText('Status: Accepted')).toBeVisible();

  // The organisation sees the moderation when it arrives.
  await dslPage.goto(`/returns/${returnId}`);
  await dslPage.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(dslPage.getByTestId('moderation-1')).toContainText(
    'Board reporting is not yet evidenced.',
    { timeout: 20_000 },
  );
  await dslContext.close();

  await page.getByRole('link', { name: 'Roll-ups' }).click();
  await expect(page.getByTestId('sector-standard-grid')).toBeVisible();
  await page.getByRole('button', { name: 'Returns for Health, standard 1' }).click();
  await expect(page.getByTestId('cell-returns')).toContainText(`E2E Clinic ${tag}`);
  await expectNoA11yViolations(page);

  await page.getByRole('link', { name: 'Overview' }).click();
  for (const [label, file] of [
    ['Compliance summary for the board (PDF)', 'report.pdf'],
    ['Workbook: summary, sectors, standards, returns, actions (Excel)', 'workbook.xlsx'],
    ['Roll-up figures (CSV)', 'summary.csv'],
    ['Every return (CSV)', 'returns.csv'],
    ['Open actions (CSV)', 'actions.csv'],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: label }).click();
    const d = await download;
    expect(d.suggestedFilename()).toBe(`E2E-audit-${tag}-${file}`);
  }
});

test('a manager adds an organisation (errors in a focused summary) and then changes it', async ({
  page,
}) => {
  const tag = crypto.randomUUID().slice(0, 6);
  await signIn(page, USERS.manager);
  await page.getByRole('link', { name: 'Organisations' }).click();
  await page.getByRole('button', { name: 'Add an organisation' }).click();
  await page.getByRole('button', { name: 'Save organisation' }).click();
  await expect(page.getByRole('alert')).toBeFocused();
  await expect(
    page.getByRole('alert').getByRole('link', { name: 'Enter a value' }),
  ).toHaveAttribute('href', '#org-name');
  await expectNoA11yViolations(page);
  const form = page.getByRole('form', { name: 'Add an organisation' });
  await form.getByLabel('Name', { exact: true }).fill(`Hillside Pre-school ${tag}`);
  await form.getByLabel('Sector').selectOption('early_years');
  await form.getByLabel('Type').selectOption('preschool_playgroup');
  await form.getByLabel('Usual form').selectOption('light');
  await form.getByRole('button', { name: 'Save organisation' }).click();
  const row = page
    .getByTestId('organisations')
    .getByRole('row', { name: new RegExp(`Hillside Pre-school ${tag}`) });
  await expect(row).toContainText('Pre-school or playgroup');
  await row.getByRole('button', { name: /Change/ }).click();
  await page.getByLabel('Contact email').fill('not an email');
  await page.getByRole('button', { name: 'Save organisation' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter an email address');
  await page.getByLabel('Contact email').fill('office@hillside.example');
  await page.getByRole('button', { name: 'Save organisation' }).click();
  await expect(row).toContainText('office@hillside.example');
});

test('a board member reads the roll-ups but cannot change anything', async ({ page }) => {
  await signIn(page, USERS.board);
  await expect(page.getByTestId('overall-rollup')).toBeVisible();
  await page.getByRole('link', { name: 'Returns' }).click();
  await expect(page.getByRole('button', { name: /Send reminders/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Organisations' }).click();
  await expect(page.getByText('Import organisations from a CSV file')).toHaveCount(0);
  await expectNoA11yViolations(page);
});

async function partnershipId(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as {
    memberships: { scope: string; partnershipId?: string }[];
  };
  return me.memberships.find((m) => m.scope === 'partnership')?.partnershipId ?? '';
}
