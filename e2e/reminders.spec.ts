/**
 * Reminders say exactly what they did: how many emails were queued for how
 * many organisations, and, in the tracker, each reminder email and how its
 * delivery went (issue 10: "the manager sees each reminder's delivery state").
 */
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';
import { USERS, signIn } from './support/app';

test('a manager sends reminders and sees each email, who it went to and its delivery', async ({
  page,
}) => {
  await signIn(page, USERS.manager);
  await page.getByRole('link', { name: 'Returns' }).click();
  // The demo cycle, where some organisations have not submitted (other journeys
  // open cycles of their own, and the newest is shown first).
  await page.getByLabel('Cycle').selectOption({ label: 'Section 11 audit 2026-27' });
  await page.getByRole('button', { name: /Send reminders/ }).click();

  const result = page.getByTestId('reminders-result');
  await expect(result).toContainText(/\d+ reminder emails? queued for \d+ organisations?/);
  const emails = Number(/(\d+) reminder email/.exec((await result.textContent()) ?? '')?.[1]);
  expect(emails).toBeGreaterThan(0);

  const list = page.getByTestId('reminder-emails');
  await list.getByText(/Reminder emails for this cycle/).click();
  const rows = list.locator('tbody tr');
  // At least the emails just queued (an earlier run of reminders would add its own).
  expect(await rows.count()).toBeGreaterThanOrEqual(emails);
  // Outside production mail goes to the development mailbox at once: delivered.
  await expect(rows.first().getByTestId('delivery')).toHaveText('Email sent');
  await expect(rows.first().locator('td').nth(1)).toContainText('@');
  await expectNoA11yViolations(page);
});
