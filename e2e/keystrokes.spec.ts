import { expect, test, type Page } from '@playwright/test';
import { expectStatus, signIn } from './support/app';
import { NEW_PASSWORD, freshOrganisation, serverStandard } from './support/fixtures';

/**
 * The keystroke test (issue 12): type into an answer, then leave the page
 * (reload, close the tab, follow a link: a full page load) 0 to 140 ms after
 * the last key, inside the 150 ms autosave pause. The last character is always
 * in the draft afterwards, and everything reaches the server. 105 tries.
 */
const DELAYS_MS = [0, 20, 50, 100, 140];
const LEAVES = ['reload', 'close', 'link'] as const;
/** 7 rounds of 15 = 105 tries (issue 12 asks for at least 100 per engine). */
const ROUNDS = Number(process.env.KEYSTROKE_ROUNDS ?? 7);

test('no keystroke is lost when the page goes away within the autosave pause', async ({
  context,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const email = `keys-${crypto.randomUUID().slice(0, 6)}@trust.example`;
  const { returnId } = await freshOrganisation(baseURL ?? '', {
    variant: 'full',
    people: [{ email, role: 'org_editor' }],
  });
  const standardUrl = `/returns/${returnId}/standards/1`;
  let page: Page = await context.newPage();
  await signIn(page, email, NEW_PASSWORD);
  await page.goto(standardUrl);
  const field = (p: Page) => p.getByLabel('Gaps you have found');

  let expected = '';
  const lost: string[] = [];
  let tries = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const leave of LEAVES) {
      for (const delay of DELAYS_MS) {
        tries++;
        // The page puts focus on its heading as it opens; type only after that.
        await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
        await field(page).focus();
        await expect(field(page)).toBeFocused();
        await page.keyboard.press('Control+End');
        // No spaces: the server trims an answer's ends.
        const token = `-${String(tries)}${leave[0] ?? ''}`;
        await page.keyboard.type(token);
        expected += token;
        if (leave === 'close') {
          if (delay) await page.waitForTimeout(delay);
          await page.close();
          page = await context.newPage();
          await page.goto(standardUrl);
        } else {
          const loaded = page.waitForEvent('load');
          // Timed inside the page, so the delay after the last key is exact.
          await page.evaluate(
            ([ms, kind, to]) => {
              setTimeout(() => {
                if (kind === 'reload') location.reload();
                else location.assign(to);
              }, ms);
            },
            [delay, leave, `/returns/${returnId}`] as const,
          );
          await loaded;
          if (leave === 'link') {
            await expect(page).toHaveURL(new RegExp(`/returns/${returnId}$`));
            await page.goto(standardUrl);
          }
        }
        // What the draft holds is what the field shows once the page is back.
        try {
          await expect(field(page)).toHaveValue(expected, { timeout: 2_000 });
        } catch {
          const got = await field(page).inputValue();
          lost.push(
            `${leave} ${String(delay)} ms: wanted "…${expected.slice(-8)}", got "…${got.slice(-8)}"`,
          );
          // Carry on from what the device holds, so each try is judged on its own.
          expected = got;
        }
      }
    }
  }
  expect(lost, `lost keystrokes in ${String(lost.length)} of ${String(tries)} tries`).toEqual([]);

  // Everything typed reaches the server.
  await expectStatus(page, 'All changes sent');
  await expect
    .poll(async () => (await serverStandard(baseURL ?? '', returnId, 1))?.gaps, {
      timeout: 20_000,
    })
    .toBe(expected);
});
