/**
 * What the tablet shows (issue 12, items 4-9), in Chromium against the built
 * app: offline at once, the partnership's requests for changes where the user
 * edits, no control that queues a change the server will refuse, and a fresh
 * device saying it is loading rather than showing an empty return.
 */
import { expect, test } from '@playwright/test';
import { expectStatus, signIn } from './support/app';
import { NEW_PASSWORD, freshOrganisation } from './support/fixtures';

test('offline shows at once, with no edit, and goes when the network is back', async ({
  page,
  context,
  baseURL,
}) => {
  const email = `offline-${crypto.randomUUID().slice(0, 6)}@nursery.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'light',
    people: [{ email, role: 'org_editor' }],
  });
  await signIn(page, email, NEW_PASSWORD);
  await page.goto(`/returns/${returnId}`);
  await expectStatus(page, 'All changes sent');

  await context.setOffline(true);
  // At once: not after the next edit, nor the next sync timer.
  await expect(page.getByTestId('sync-status')).toContainText('You are offline', {
    timeout: 2_000,
  });

  await context.setOffline(false);
  await expectStatus(page, 'All changes sent');
  await expect(page.getByTestId('sync-status')).not.toContainText('offline');
});
