/**
 * What the tablet shows (issue 12, items 4-9), in Chromium against the built
 * app: offline at once, the partnership's requests for changes where the user
 * edits, no control that queues a change the server will refuse, and a fresh
 * device saying it is loading rather than showing an empty return.
 */
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { STANDARDS } from '@s11/shared';
import { expectNoA11yViolations } from './support/a11y';
import { expectStatus, signIn } from './support/app';
import { NEW_PASSWORD, asManager, freshOrganisation } from './support/fixtures';
import { apiSignIn } from './support/second-factor';

/** Outbox entries on the device, read straight from IndexedDB. */
function unsent(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('s11-portal');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const count = open.result.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
        };
      }),
  );
}

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

/** The light form answered in full and signed off, through the real sync API as the signatory. */
async function completeAndSubmit(baseURL: string, email: string, returnId: string): Promise<void> {
  const api = await playwrightRequest.newContext({ baseURL });
  await apiSignIn(api, email, NEW_PASSWORD);
  const mutations = [
    ...STANDARDS.map((s) => ({
      mutationId: crypto.randomUUID(),
      returnId,
      kind: 'standard',
      standard: s.number,
      baseVersion: 0,
      changes: {
        checks: Object.fromEntries(s.lightChecks.map((c) => [c.id, { answer: 'yes', note: '' }])),
        rag: 'green',
        completed: true,
      },
    })),
    {
      mutationId: crypto.randomUUID(),
      returnId,
      kind: 'submit',
      signOff: { name: 'Jo Bennett', jobTitle: 'Manager', declaration: true },
    },
  ];
  const res = await api.post('/api/sync/push', { data: { mutations } });
  expect(res.status()).toBe(200);
  const { results } = (await res.json()) as { results: { status: string }[] };
  expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
  await api.dispose();
}

test('a submitted return cannot be changed; returned for changes, the partnership’s comments show where the user edits, offline too; a second device says it is loading', async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const base = baseURL ?? '';
  const email = `returned-${crypto.randomUUID().slice(0, 6)}@nursery.example`;
  const { returnId } = await freshOrganisation(base, {
    variant: 'light',
    people: [{ email, role: 'org_signatory' }],
  });
  await completeAndSubmit(base, email, returnId);

  // Item 6: submitted, so every control is disabled and nothing is queued.
  await signIn(page, email, NEW_PASSWORD);
  await page.goto(`/returns/${returnId}/standards/3`);
  await expect(page.getByTestId('read-only')).toBeVisible();
  const radios = page.getByRole('radio');
  expect(await radios.count()).toBeGreaterThan(0);
  for (const r of await radios.all()) await expect(r).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save and continue' })).toHaveCount(0);
  await page.getByRole('radio', { name: 'No', exact: true }).first().click({ force: true });
  await page.waitForTimeout(300);
  expect(await unsent(page)).toBe(0);

  // Item 5: the partnership rates standard 3 and sends the return back.
  const { api } = await asManager(base);
  expect(
    (
      await api.put(`/api/returns/${returnId}/moderation/3`, {
        data: { rag: 'amber', comment: 'Say who covers when the lead is away.' },
      })
    ).status(),
  ).toBe(200);
  expect(
    (
      await api.post(`/api/returns/${returnId}/status`, {
        data: { status: 'returned_for_changes', message: 'Please look at standard 3 again.' },
      })
    ).status(),
  ).toBe(200);
  await api.dispose();

  await page.goto(`/returns/${returnId}`);
  await expect(page.getByText('Please look at standard 3 again.')).toBeVisible({
    timeout: 20_000,
  });
  const items = page.getByRole('list', { name: 'Standards' }).getByRole('listitem');
  await expect(items.nth(2)).toContainText('Changes asked for');
  await expect(items.nth(1)).not.toContainText('Changes asked for');
  await expectNoA11yViolations(page);

  // Offline, once pulled: still there after a reload.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Please look at standard 3 again.')).toBeVisible();
  await page.goto(`/returns/${returnId}/standards/3`);
  const view = page.getByTestId('partnership-view');
  await expect(view).toContainText('Amber');
  await expect(view).toContainText('Say who covers when the lead is away.');
  // Returned for changes: editable again.
  await expect(page.getByRole('radio', { name: 'No', exact: true }).first()).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Change rating' })).toBeEnabled();
  await expectNoA11yViolations(page);
  await context.setOffline(false);

  // Item 9: a second device whose first pull is slow says it is loading, never "0 of 8".
  const other = await browser.newContext({ baseURL: base });
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  // Held at the context, so requests through the service worker are held too.
  await other.route('**/api/sync/pull**', async (route) => {
    await held;
    await route.continue().catch(() => undefined); // the page may have gone meanwhile
  });
  const tablet = await other.newPage();
  await signIn(tablet, email, NEW_PASSWORD);
  await tablet.goto(`/returns/${returnId}`);
  await expect(tablet.getByRole('heading', { level: 1 })).toHaveText('Loading your return');
  await expect(tablet.getByText(/You have completed/)).toHaveCount(0);
  release();
  await expect(tablet.getByText('You have completed 8 of 8 standards')).toBeVisible({
    timeout: 20_000,
  });
  await other.close();
});
