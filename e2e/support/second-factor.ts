/**
 * The second factor in e2e, as a person with a phone would do it: the first
 * sign-in of partnership staff sets up the authenticator (the secret read off
 * the page or the API), later ones enter a real TOTP code (otplib). What was
 * enrolled is kept in a file for the run (S11_E2E_STATE, set by the
 * Playwright config) so every spec and worker can sign the same people in.
 *
 * A code works once: a second sign-in within the same 30-second step waits
 * for the next code, as a person would.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { generate } from 'otplib';

interface State {
  secrets: Record<string, string>;
  recoveryCodes: Record<string, string[]>;
  lastStep: Record<string, number>;
}

const file = () => {
  const f = process.env.S11_E2E_STATE;
  if (!f) throw new Error('S11_E2E_STATE is not set (see playwright.config.ts)');
  return f;
};

function load(): State {
  return existsSync(file())
    ? (JSON.parse(readFileSync(file(), 'utf8')) as State)
    : { secrets: {}, recoveryCodes: {}, lastStep: {} };
}

function save(update: (s: State) => void): void {
  const s = load();
  update(s);
  writeFileSync(file(), JSON.stringify(s));
}

const stepOf = (ms: number) => Math.floor(ms / 30_000);

export function remember(email: string, secret: string, recoveryCodes: string[] = []): void {
  save((s) => {
    s.secrets[email] = secret;
    s.recoveryCodes[email] = recoveryCodes;
  });
}

export function recoveryCodesOf(email: string): string[] {
  return load().recoveryCodes[email] ?? [];
}

/** A code for a 30-second step not used before (waits for the next one if need be). */
export async function freshCode(email: string, secret = load().secrets[email]): Promise<string> {
  if (!secret) throw new Error(`No authenticator was set up for ${email} in this run`);
  const last = load().lastStep[email] ?? -1;
  if (stepOf(Date.now()) <= last) {
    await new Promise((r) => setTimeout(r, (last + 1) * 30_000 - Date.now() + 250));
  }
  const now = Date.now();
  save((s) => {
    s.lastStep[email] = stepOf(now);
  });
  return generate({ secret, epoch: Math.floor(now / 1000) });
}

/** Signs in over the API (for fixtures), passing the second factor when asked. */
export async function apiSignIn(
  api: APIRequestContext,
  email: string,
  password: string,
): Promise<void> {
  const login = await api.post('/api/auth/login', { data: { email, password } });
  if (login.status() === 200) return;
  expect(login.status()).toBe(401);
  const owed = ((await login.json()) as { secondFactor?: 'setup' | 'verify' }).secondFactor;
  if (owed === 'setup') {
    const setup = await api.post('/api/auth/second-factor/totp/setup');
    expect(setup.status()).toBe(200);
    const { secret } = (await setup.json()) as { secret: string };
    const confirm = await api.post('/api/auth/second-factor/totp/confirm', {
      data: { code: await freshCode(email, secret) },
    });
    expect(confirm.status()).toBe(200);
    remember(email, secret, ((await confirm.json()) as { recoveryCodes: string[] }).recoveryCodes);
    return;
  }
  expect(owed).toBe('verify');
  const verify = await api.post('/api/auth/second-factor/verify', {
    data: { code: await freshCode(email) },
  });
  expect(verify.status()).toBe(200);
}

/**
 * In the browser, after the password: sets up the app on the set-up page
 * (reading the key shown for manual entry) or enters a code on the code page.
 */
export async function passSecondFactorInPage(page: Page, email: string): Promise<void> {
  const signedIn = page.getByRole('button', { name: 'Sign out' });
  const setUp = page.getByRole('heading', { name: 'Set up your authenticator app' });
  const codePage = page.getByRole('heading', {
    name: 'Enter the code from your authenticator app',
  });
  await expect(signedIn.or(setUp).or(codePage)).toBeVisible();
  if (await setUp.isVisible()) {
    await page.getByText('I cannot scan the QR code').click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(email, secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
    const codes = await page
      .getByRole('list', { name: 'Your recovery codes' })
      .locator('code')
      .allTextContents();
    remember(email, secret, codes);
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  } else if (await codePage.isVisible()) {
    const last = load().lastStep[email] ?? -1;
    const spare = recoveryCodesOf(email);
    if (stepOf(Date.now()) <= last && spare.length > 1) {
      // This person's code was just used: rather than wait for the next one,
      // use a recovery code ("I do not have my phone"), as a person might.
      const [code, ...rest] = spare;
      save((s) => {
        s.recoveryCodes[email] = rest;
      });
      await page.getByRole('button', { name: 'I do not have my phone' }).click();
      await page.getByLabel('Recovery code').fill(code ?? '');
    } else {
      await page.getByLabel('Code from your authenticator app').fill(await freshCode(email));
    }
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}
