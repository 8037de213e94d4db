import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectStatus, signIn } from './support/app';
import { NEW_PASSWORD, freshOrganisation } from './support/fixtures';

const SW = fileURLToPath(new URL('../web/dist/sw.js', import.meta.url));

test('a new version deployed while a form is half filled: the user is asked, drafts are kept, nothing is lost', async ({
  page,
  baseURL,
}) => {
  const email = `update-${crypto.randomUUID().slice(0, 6)}@childminder.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'light',
    people: [{ email, role: 'org_editor' }],
  });
  await signIn(page, email, NEW_PASSWORD);
  await page.goto(`/returns/${returnId}/standards/2`);
  await page
    .getByRole('group', { name: /written safeguarding policy/ })
    .getByLabel('Yes', { exact: true })
    .check();
  await page.getByLabel('Note (optional)').first().fill('Reviewed in September');

  const original = readFileSync(SW, 'utf8');
  try {
    // Deploy a new version: the service worker script changes on the server.
    appendFileSync(SW, `\n// deployed ${new Date().toISOString()}\n`);
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg?.update();
    });
    // The page does not reload by itself: it asks.
    await expect(page.getByTestId('update-banner')).toContainText('A new version is available', {
      timeout: 20_000,
    });
    await expect(page.getByLabel('Note (optional)').first()).toHaveValue('Reviewed in September');
    await page.getByLabel('Note (optional)').first().fill('Reviewed in September by the owner');
    await page.getByRole('button', { name: 'Update now' }).click();
    await page.waitForEvent('load');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      '2. Responsibility towards children',
    );
    await expect(page.getByLabel('Note (optional)').first()).toHaveValue(
      'Reviewed in September by the owner',
    );
    await expect(
      page
        .getByRole('group', { name: /written safeguarding policy/ })
        .getByLabel('Yes', { exact: true }),
    ).toBeChecked();
    await expectStatus(page, 'All changes sent');
  } finally {
    writeFileSync(SW, original);
  }
});
