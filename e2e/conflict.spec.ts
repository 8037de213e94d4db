import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './support/a11y';
import { expectStatus, signIn } from './support/app';
import { NEW_PASSWORD, freshOrganisation, serverStandard } from './support/fixtures';

test('two people edit the same answer: the conflict is shown side by side and resolved, and both devices converge', async ({
  browser,
  baseURL,
}) => {
  const tag = crypto.randomUUID().slice(0, 6);
  const a = `a-${tag}@trust.example`;
  const b = `b-${tag}@trust.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'full',
    people: [
      { email: a, role: 'org_editor' },
      { email: b, role: 'org_signatory' },
    ],
  });
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const pageA = await ctxA.newPage();
  const pageB = await ctxB.newPage();
  await signIn(pageA, a, NEW_PASSWORD);
  await signIn(pageB, b, NEW_PASSWORD);
  const url = `/returns/${returnId}/standards/4`;
  await pageA.goto(url);
  await pageB.goto(url);

  // A works offline; B, online, changes the same answer first.
  await ctxA.setOffline(true);
  await pageA
    .getByLabel('Gaps you have found')
    .fill('We do not yet ask disabled children (device A)');
  await expectStatus(pageA, '1 change waiting to send');
  await pageB.getByLabel('Gaps you have found').fill('No children’s panel yet (device B)');
  await expect
    .poll(async () => (await serverStandard(baseURL ?? '', returnId, 4))?.gaps, { timeout: 20_000 })
    .toBe('No children’s panel yet (device B)');
  await expectStatus(pageB, 'All changes sent');

  await ctxA.setOffline(false);
  await pageA.evaluate(() => window.dispatchEvent(new Event('online')));
  await expectStatus(pageA, 'Needs your attention');
  const panel = pageA.getByTestId('conflicts');
  await expect(panel).toContainText('We do not yet ask disabled children (device A)');
  await expect(panel).toContainText('No children’s panel yet (device B)');
  // A's own text is still in the field: nothing is lost before the choice.
  await expect(pageA.getByLabel('Gaps you have found')).toHaveValue(
    'We do not yet ask disabled children (device A)',
  );
  await expectNoA11yViolations(pageA);

  await panel
    .getByLabel('Or combine them')
    .fill('No children’s panel yet, and we do not ask disabled children');
  await panel.getByRole('button', { name: 'Keep the combined version' }).click();
  await expectStatus(pageA, 'All changes sent');
  await expect(pageA.getByTestId('conflicts')).toHaveCount(0);
  await expect(pageA.getByLabel('Gaps you have found')).toHaveValue(
    'No children’s panel yet, and we do not ask disabled children',
  );

  await expect
    .poll(async () => (await serverStandard(baseURL ?? '', returnId, 4))?.gaps, { timeout: 20_000 })
    .toBe('No children’s panel yet, and we do not ask disabled children');
  await pageB.reload();
  await expect(pageB.getByLabel('Gaps you have found')).toHaveValue(
    'No children’s panel yet, and we do not ask disabled children',
  );
  await ctxA.close();
  await ctxB.close();
});
