import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { STANDARDS } from '@s11/shared';
import { expectNoA11yViolations } from './support/a11y';
import { USERS, signIn } from './support/app';
import { NEW_PASSWORD, freshOrganisation } from './support/fixtures';

const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

/** No page-level sideways scrolling (wide tables scroll inside their own region). */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, `page scrolls sideways: ${page.url()}`).toBeLessThanOrEqual(width + 1);
}

async function check(page: Page, name: string, prefix: string): Promise<void> {
  await expectNoA11yViolations(page);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: `${ARTIFACTS}/${prefix}-${name}.png`, fullPage: true });
}

// 320 CSS px is WCAG's reflow width; 200% zoom of a 1280 px window lays out at 640 px.
for (const [prefix, viewport] of [
  ['320px', { width: 320, height: 640 }],
  ['zoom200', { width: 640, height: 400 }],
] as const) {
  test.describe(`every page at ${prefix}`, () => {
    test.use({ viewport, isMobile: false, hasTouch: true });

    test(`the tablet form at ${prefix}`, async ({ page, baseURL }) => {
      const email = `a11y-${prefix}-${crypto.randomUUID().slice(0, 6)}@club.example`;
      const { returnId } = await freshOrganisation(baseURL ?? '', {
        variant: 'light',
        people: [{ email, role: 'org_signatory' }],
      });
      await page.goto('/sign-in');
      await check(page, 'sign-in', prefix);
      await signIn(page, email, NEW_PASSWORD);
      await check(page, 'returns', prefix);
      await page.goto(`/returns/${returnId}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await check(page, 'task-list', prefix);
      await page.goto(`/returns/${returnId}/standards/6`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        '6. Safer recruitment and allegations',
      );
      await check(page, 'light-standard', prefix);
      await page.goto(`/returns/${returnId}/check`);
      await check(page, 'check-answers', prefix);
    });

    test(`the footer's pages at ${prefix}, before signing in`, async ({ page }) => {
      for (const [path, heading] of [
        ['/accessibility', 'Accessibility statement for the Section 11 self-assessment'],
        ['/privacy', 'Privacy notice'],
        ['/contact', 'Contact'],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
        await expect(page.getByRole('contentinfo').getByRole('link')).toHaveCount(3);
        await check(page, path.slice(1), prefix);
      }
    });

    test(`the full form at ${prefix}`, async ({ page, baseURL }) => {
      const email = `a11y-full-${prefix}-${crypto.randomUUID().slice(0, 6)}@trust.example`;
      const { returnId } = await freshOrganisation(baseURL ?? '', {
        variant: 'full',
        people: [{ email, role: 'org_editor' }],
      });
      await signIn(page, email, NEW_PASSWORD);
      await page.goto(`/returns/${returnId}/standards/1`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('1. Senior leadership');
      await page.getByRole('button', { name: 'Add an action' }).click();
      await check(page, 'full-standard', prefix);
    });

    test(`the people screens at ${prefix}`, async ({ page }) => {
      // A second manager sign-in in a run may wait for the next authenticator code.
      test.setTimeout(120_000);
      await signIn(page, USERS.manager);
      for (const [tab, name] of [
        ['People', 'console-people'],
        ['Invitations', 'console-invitations'],
        ['Audit log', 'console-audit'],
      ] as const) {
        await page
          .getByRole('navigation', { name: 'Console' })
          .getByRole('link', { name: tab, exact: true })
          .click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(tab);
        await page.waitForLoadState('networkidle');
        await check(page, name, prefix);
      }
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'People', exact: true })
        .click();
      await page.getByTestId('people').getByRole('link', { name: 'Priya Shah' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Priya Shah');
      await check(page, 'console-person', prefix);
    });

    test(`the console at ${prefix}`, async ({ page }) => {
      await signIn(page, USERS.manager);
      await expect(page.getByTestId('overall-rollup')).toBeVisible();
      await check(page, 'console-overview', prefix);
      for (const [tab, name] of [
        ['Returns', 'console-returns'],
        ['Roll-ups', 'console-rollups'],
        ['Organisations', 'console-organisations'],
        ['Cycles', 'console-cycles'],
      ] as const) {
        await page.getByRole('link', { name: tab, exact: true }).click();
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await page.waitForLoadState('networkidle');
        await check(page, name, prefix);
      }
      await page.getByRole('link', { name: 'Returns', exact: true }).click();
      await page.getByTestId('tracker').getByRole('link').first().click();
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Returns');
      await check(page, 'console-return', prefix);
    });
  });
}

/** Presses Tab until `target` has focus (as a keyboard user would), failing after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Could not reach the element with the keyboard');
}

test('the light form completed with the keyboard alone', async ({ page, baseURL }) => {
  const email = `keyboard-${crypto.randomUUID().slice(0, 6)}@childminder.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'light',
    people: [{ email, role: 'org_editor' }],
  });
  await signIn(page, email, NEW_PASSWORD);
  await page.goto(`/returns/${returnId}`);
  await tabTo(page, page.getByRole('link', { name: '1. Senior leadership' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('1. Senior leadership');
  const s = STANDARDS[0];
  for (const c of s?.lightChecks ?? []) {
    const yes = page.getByRole('group', { name: c.question }).getByLabel('Yes', { exact: true });
    await tabTo(page, yes);
    await page.keyboard.press('Space');
    await expect(yes).toBeChecked();
  }
  // The suggestion is chosen already; "Change rating" opens the options from the keyboard.
  await tabTo(page, page.getByRole('button', { name: 'Change rating' }));
  await page.keyboard.press('Enter');
  const green = page
    .getByRole('group', { name: /Your rating/ })
    .getByLabel('Green', { exact: true });
  await expect(green).toBeChecked();
  const done = page.getByLabel('Yes, I’ve completed this section');
  await tabTo(page, done);
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Save and continue' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/returns/${returnId}$`));
  await expect(
    page.getByRole('list', { name: 'Standards' }).getByRole('listitem').first(),
  ).toContainText('Completed');
});
