import { expect, test } from '@playwright/test';
import { STANDARDS } from '@s11/shared';
import { expectNoA11yViolations } from './support/a11y';
import { expectStatus, signIn } from './support/app';
import { NEW_PASSWORD, asManager, freshOrganisation } from './support/fixtures';

test('a nursery completes the light form offline, survives a reload and a closed tab, and the return reaches the server', async ({
  page,
  context,
  baseURL,
}) => {
  // The nursery manager is the setting's signatory too.
  const email = `nursery-${crypto.randomUUID().slice(0, 6)}@nursery.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'light',
    people: [{ email, role: 'org_signatory' }],
  });
  await signIn(page, email, NEW_PASSWORD);
  await expectNoA11yViolations(page);
  await page.goto(`/returns/${returnId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Your Section 11 self-assessment',
  );
  await expectNoA11yViolations(page);

  // No signal from here on.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Your Section 11 self-assessment',
  );

  for (const s of STANDARDS) {
    await page.goto(`/returns/${returnId}/standards/${String(s.number)}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `${String(s.number)}. ${s.title}`,
    );
    for (const [i, c] of s.lightChecks.entries()) {
      // Standard 5's last check is only partly in place: the form asks for an action.
      const answer = s.number === 5 && i === s.lightChecks.length - 1 ? 'Partly' : 'Yes';
      await page
        .getByRole('group', { name: c.question })
        .getByLabel(answer, { exact: true })
        .check();
    }
    // The suggested rating is chosen for her and said in one line: nothing to click.
    if (s.number === 5) {
      await expect(page.getByTestId('suggested-rag')).toHaveText(
        'We suggest Amber because you answered partly to 1 question.',
      );
      await page.getByRole('button', { name: 'Add an action' }).click();
      await page.getByLabel('What will be done').fill('Online safety training for all staff');
      await page.getByLabel('Who will do it').fill('Jo Bennett');
      await page.getByRole('button', { name: 'Save action' }).click();
    } else {
      await expect(page.getByTestId('suggested-rag')).toHaveText(
        'We suggest Green because you answered yes to every question.',
      );
    }
    if (s.number === 1) {
      // Close the tab 200 ms after a keystroke, then reopen: nothing is lost.
      await page.getByLabel('Note (optional)').first().fill('Owner checks every month');
      await page.waitForTimeout(200);
      await page.close();
      page = await context.newPage();
      await page.goto(`/returns/${returnId}/standards/1`);
      await expect(page.getByLabel('Note (optional)').first()).toHaveValue(
        'Owner checks every month',
      );
      await page.getByRole('button', { name: 'Change rating' }).click();
      await expect(
        page.getByRole('group', { name: /Your rating/ }).getByLabel('Green', { exact: true }),
      ).toBeChecked();
    }
    await page.getByLabel('Yes, I’ve completed this section').check();
    if (s.number === 1) await expectNoA11yViolations(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL(new RegExp(`/returns/${returnId}$`));
  }
  await expectStatus(page, /changes waiting to send/);
  await expect(page.getByText('You have completed 8 of 8 standards')).toBeVisible();
  await page.getByRole('button', { name: 'Check your answers' }).click();
  await expectNoA11yViolations(page);

  // The nursery manager signs off (she is the setting's signatory) while still offline.
  await page.getByRole('button', { name: 'Sign off and send' }).click();
  await expect(page.getByRole('alert')).toBeFocused();
  await expect(
    page.getByRole('alert').getByRole('link', { name: /Confirm the declaration/ }),
  ).toHaveAttribute('href', '#signoff-declaration');
  await page.getByLabel('Your job title').fill('Nursery manager');
  await page.getByLabel(/I confirm that/).check();
  await page.getByRole('button', { name: 'Sign off and send' }).click();
  await expect(page.getByTestId('queued-submission')).toBeVisible();

  // Back online: everything is sent and the return is submitted on the server.
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByRole('heading', { name: 'Return sent' })).toBeVisible({ timeout: 20_000 });
  await expectStatus(page, 'All changes sent');

  const { api: manager } = await asManager(baseURL ?? '');
  const ret = await manager.get(`/api/returns/${returnId}`);
  const body = (await ret.json()) as {
    return: { status: string; signOff: { jobTitle: string } };
    standards: {
      standard: number;
      fields: { rag: string; checks: Record<string, { note: string }> };
    }[];
    actions: { fields: { what: string } }[];
  };
  expect(body.return.status).toBe('submitted');
  expect(body.return.signOff.jobTitle).toBe('Nursery manager');
  expect(body.standards.find((s) => s.standard === 5)?.fields.rag).toBe('amber');
  expect(body.standards.find((s) => s.standard === 1)?.fields.checks['l1-owner']?.note).toBe(
    'Owner checks every month',
  );
  expect(body.actions.map((a) => a.fields.what)).toEqual(['Online safety training for all staff']);
});
