import { expect, test } from '@playwright/test';
import { STANDARDS } from '@s11/shared';
import { expectNoA11yViolations } from './support/a11y';
import { expectStatus, signIn } from './support/app';
import { NEW_PASSWORD, freshOrganisation, serverStandard } from './support/fixtures';

test('a DSL completes the full form with an action plan offline, and a signatory on another device signs it off', async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const tag = crypto.randomUUID().slice(0, 6);
  const dsl = `dsl-${tag}@trust.example`;
  const lead = `lead-${tag}@trust.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'full',
    people: [
      { email: dsl, role: 'org_editor' },
      { email: lead, role: 'org_signatory' },
    ],
  });
  await signIn(page, dsl, NEW_PASSWORD);
  await page.goto(`/returns/${returnId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Your Section 11 self-assessment',
  );
  await expectNoA11yViolations(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Standards' }).getByRole('listitem')).toHaveCount(8);

  for (const s of STANDARDS) {
    await page.getByRole('link', { name: `${String(s.number)}. ${s.title}` }).click();
    await page
      .getByLabel('Describe your current practice')
      .fill(`Standard ${String(s.number)}: what we do now.`);
    await page
      .getByLabel('Evidence of improved outcomes')
      .fill(`Audit results for standard ${String(s.number)}.`);
    if (s.number === 2) {
      // Close the tab 200 ms after a keystroke, reopen: nothing lost.
      await page.waitForTimeout(200);
      await page.close();
      page = await context.newPage();
      await page.goto(`/returns/${returnId}/standards/2`);
      await expect(page.getByLabel('Evidence of improved outcomes')).toHaveValue(
        'Audit results for standard 2.',
      );
    }
    if (s.number === 6) {
      await page
        .getByLabel('Gaps you have found')
        .fill('Volunteers’ DBS renewals are not tracked.');
      await page
        .getByRole('group', { name: /How would you rate/ })
        .getByLabel('Amber', { exact: true })
        .check();
      await page.getByLabel('Yes, I’ve completed this section').check();
      // Without an action the form says what is missing, in a focused summary.
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await expect(page.getByRole('alert')).toBeFocused();
      await expect(page.getByRole('alert')).toContainText(
        'Add at least one action to your action plan',
      );
      await expectNoA11yViolations(page);
      await page.getByRole('button', { name: 'Add an action' }).click();
      await page
        .getByLabel('What will be done')
        .fill('Track DBS renewals in the single central record');
      await page.getByLabel('Who will do it').fill('HR business partner');
      await page.getByLabel('By when').fill('2027-03-31');
      await page.getByRole('button', { name: 'Save action' }).click();
      await expect(
        page.getByRole('cell', {
          name: 'Track DBS renewals in the single central record',
          exact: true,
        }),
      ).toBeVisible();
      // Rows can be edited and removed too.
      await page.getByRole('button', { name: 'Add an action' }).click();
      await page.getByLabel('What will be done').fill('Temporary action');
      await page.getByLabel('Who will do it').fill('Someone');
      await page.getByRole('button', { name: 'Save action' }).click();
      await page.getByRole('button', { name: 'Remove action: Temporary action' }).click();
      await page.getByRole('button', { name: 'Yes, remove it' }).click();
      await expect(page.getByRole('cell', { name: 'Temporary action', exact: true })).toHaveCount(
        0,
      );
    } else {
      await page
        .getByRole('group', { name: /How would you rate/ })
        .getByLabel('Green', { exact: true })
        .check();
      await page.getByLabel('Yes, I’ve completed this section').check();
    }
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL(new RegExp(`/returns/${returnId}$`));
  }
  await expect(page.getByText('You have completed 8 of 8 standards')).toBeVisible();
  await page.getByRole('button', { name: 'Check your answers' }).click();
  await expect(page.getByText('Ask your organisation’s signatory')).toBeVisible();
  await expectNoA11yViolations(page);

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expectStatus(page, 'All changes sent');
  expect((await serverStandard(baseURL ?? '', returnId, 6))?.rag).toBe('amber');

  // The senior lead signs off on their own device.
  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await signIn(leadPage, lead, NEW_PASSWORD);
  await leadPage.goto(`/returns/${returnId}/check`);
  await expect(leadPage.getByRole('heading', { name: 'Sign off and send' })).toBeVisible();
  await leadPage.getByLabel('Your job title').fill('Chief nurse');
  await leadPage.getByLabel(/I confirm that/).check();
  await leadPage.getByRole('button', { name: 'Sign off and send' }).click();
  await expect(leadPage.getByRole('heading', { name: 'Return sent' })).toBeVisible({
    timeout: 20_000,
  });
  await leadPage.getByRole('link', { name: 'View or print your return' }).click();
  await expect(leadPage.getByText('Signed off by')).toBeVisible();
  await expectNoA11yViolations(leadPage);
  await leadContext.close();
});
