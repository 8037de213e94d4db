/**
 * The one test helper for the second factor: it enrols a person's
 * authenticator through the real routes and signs them in with real TOTP
 * codes (otplib), as a phone would. No bypass: ApiClient.login uses it for
 * everyone who must pass a second factor (partnership staff, opted-in users).
 *
 * A code is accepted once (replay protection), so a second sign-in within the
 * same 30-second step moves the test's server clock to the next step, as a
 * person would wait for the next code.
 */
import { timeStepOf, totpCode, TOTP_PERIOD_SECONDS } from '../auth/totp';

export interface Clock {
  now: () => Date;
  advance: (ms: number) => void;
}

export interface Enrolment {
  secret: string;
  recoveryCodes: string[];
  lastStep: number;
}

type Post = <T = unknown>(path: string, body?: unknown) => Promise<{ status: number; body: T }>;

/** Where the helper keeps what it enrolled, and the server clock it may move (if any). */
export interface SecondFactorHelperState {
  enrolments: Map<string, Enrolment>;
  /** The test server's clock; without one (a server in another process) the helper waits. */
  clock?: Clock;
}

const states = new WeakMap<object, SecondFactorHelperState>();

/** The helper's state for one in-process app (createTestContext registers its clock). */
export function helperStateOf(app: object): SecondFactorHelperState {
  let s = states.get(app);
  if (!s) states.set(app, (s = { enrolments: new Map() }));
  return s;
}

export function registerClock(app: object, clock: Clock): void {
  helperStateOf(app).clock = clock;
}

/** What the helper enrolled for this person (secret and recovery codes), for tests that need them. */
export function enrolmentOf(app: object, email: string): Enrolment | undefined {
  return helperStateOf(app).enrolments.get(email.toLowerCase());
}

/**
 * A code for a time step not used before: moves the test server's clock to
 * the next step if need be, or (a server in another process) waits for it.
 */
export async function freshCode(
  appOrState: object | SecondFactorHelperState,
  e: Enrolment,
): Promise<string> {
  const state = 'enrolments' in appOrState ? appOrState : helperStateOf(appOrState);
  const clock = state.clock;
  const now = () => clock?.now() ?? new Date();
  if (timeStepOf(now()) <= e.lastStep) {
    const wait = (e.lastStep + 1) * TOTP_PERIOD_SECONDS * 1000 - now().getTime() + 1;
    if (clock) clock.advance(wait);
    else await new Promise((r) => setTimeout(r, wait));
  }
  e.lastStep = timeStepOf(now());
  return totpCode(e.secret, now());
}

/**
 * Completes sign-in for a session that answered `secondFactor: setup|verify`:
 * sets up the app (first time) or enters a fresh code. `post` sends with the
 * session's cookie.
 */
export async function passSecondFactorWith(
  post: Post,
  state: SecondFactorHelperState,
  email: string,
  owed: 'setup' | 'verify',
): Promise<void> {
  const key = email.toLowerCase();
  if (owed === 'setup') {
    const setup = await post<{ secret: string }>('/api/auth/second-factor/totp/setup');
    if (setup.status !== 200) throw new Error(`TOTP set-up failed: ${String(setup.status)}`);
    const e: Enrolment = { secret: setup.body.secret, recoveryCodes: [], lastStep: -1 };
    const res = await post<{ recoveryCodes: string[] }>('/api/auth/second-factor/totp/confirm', {
      code: await freshCode(state, e),
    });
    if (res.status !== 200)
      throw new Error(`TOTP confirm failed: ${String(res.status)} ${JSON.stringify(res.body)}`);
    e.recoveryCodes = res.body.recoveryCodes;
    state.enrolments.set(key, e);
    return;
  }
  const e = state.enrolments.get(key);
  if (!e) throw new Error(`${email} has an authenticator the test helper did not set up`);
  const res = await post('/api/auth/second-factor/verify', { code: await freshCode(state, e) });
  if (res.status !== 200)
    throw new Error(`TOTP verify failed: ${String(res.status)} ${JSON.stringify(res.body)}`);
}

/** The same for an in-process ApiClient. */
export function passSecondFactor(
  api: { readonly app: object; post: Post },
  email: string,
  owed: 'setup' | 'verify',
): Promise<void> {
  return passSecondFactorWith(
    (path, body) => api.post(path, body),
    helperStateOf(api.app),
    email,
    owed,
  );
}
