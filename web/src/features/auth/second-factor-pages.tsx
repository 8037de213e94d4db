/**
 * After the password: set up an authenticator app (first sign-in of
 * partnership staff), or enter a code from it or a recovery code. The
 * server decides which (SecondFactorRequired.step); these pages follow.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { RecoveryCodeSchema, TotpCodeSchema, type TotpSetup } from '@s11/shared';
import { TextInput } from '../../components/field';
import { Page } from '../../components/page';
import { useProblemForm, type FormErrors } from '../../components/use-problem-form';
import { navigate } from '../../components/router';
import { ApiError, offline, UnsentChangesError, type Me } from '../../offline';

export const SET_UP_PATH = '/sign-in/set-up-authenticator';
export const CODE_PATH = '/sign-in/code';

export function secondFactorPath(step: 'setup' | 'verify'): string {
  return step === 'setup' ? SET_UP_PATH : CODE_PATH;
}

const home = (me: Me) =>
  me.memberships.some((m) => m.scope === 'organisation') ? '/' : '/partnership';

/** Sign-in words for a failed attempt (field-level messages come from the problem answer). */
function describe(e: unknown): string | undefined {
  if (e instanceof UnsentChangesError)
    return `Someone else's ${String(e.unsent)} change(s) on this tablet have not been sent yet. Ask them to sign in and send them first.`;
  if (e instanceof ApiError && e.status === 0) return 'You need to be online to sign in.';
  return undefined;
}

/** A session that has ended sends the person back to sign in; anything else is shown. */
async function orSignIn(attempt: () => Promise<void>) {
  try {
    await attempt();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) navigate('/sign-in', { replace: true });
    else throw e;
  }
}

const CodeSchema = z.object({ code: TotpCodeSchema });
const RecoverySchema = z.object({ recoveryCode: RecoveryCodeSchema });

const codeInput = {
  type: 'text',
  inputMode: 'numeric',
  autoComplete: 'one-time-code',
  spellCheck: false,
  autoCapitalize: 'off',
  inputClassName: 'govuk-input--width-10',
} as const;

/** Set up an authenticator app: QR code or key, one code to confirm, recovery codes once. */
export function SecondFactorSetupPage() {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [done, setDone] = useState<{ me: Me; recoveryCodes: string[] } | null>(null);
  const form = useProblemForm({
    schema: CodeSchema,
    defaultValues: { code: '' },
    fallbackField: 'code',
    describe,
    onSubmit: (v) => orSignIn(async () => setDone(await offline.confirmTotp(v.code))),
  });

  useEffect(() => {
    let live = true;
    offline
      .secondFactorSetup()
      .then((s) => {
        if (live) setSetup(s);
      })
      .catch((e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 409) navigate(CODE_PATH, { replace: true });
        else if (e instanceof ApiError && e.status === 401) navigate('/sign-in', { replace: true });
        else setLoadError('We could not start setting up your app. Try signing in again.');
      });
    return () => {
      live = false;
    };
  }, []);

  if (done) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Page title="Save your recovery codes">
            <div className="govuk-panel govuk-panel--confirmation app-panel--left">
              <p className="govuk-panel__body">Your authenticator app is set up</p>
            </div>
            <p className="govuk-body">
              If you lose your phone, you can sign in with one of these codes instead of a code from
              the app. Each code works once. Keep them somewhere safe, such as a password manager.
              You will not see them again.
            </p>
            <ul className="govuk-list app-recovery-codes" aria-label="Your recovery codes">
              {done.recoveryCodes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="govuk-button"
              onClick={() => navigate(home(done.me), { replace: true })}
            >
              I have saved my recovery codes
            </button>
          </Page>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title="Set up your authenticator app" {...form.page}>
          <p className="govuk-body">
            Partnership staff sign in with a password and a code from an authenticator app on their
            phone, such as Microsoft Authenticator or Google Authenticator. You only do this once.
          </p>
          {loadError ? <p className="govuk-body">{loadError}</p> : null}
          {setup ? (
            <form {...form.formProps}>
              <h2 className="govuk-heading-m">1. Scan this QR code with the app</h2>
              <img
                className="app-qr-code"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
                alt="QR code to add S11 Portal to your authenticator app"
                width={200}
                height={200}
              />
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">I cannot scan the QR code</span>
                </summary>
                <div className="govuk-details__text">
                  <p className="govuk-body">
                    In the app, choose to enter a setup key, and type this key (a time-based
                    account):
                  </p>
                  <p className="govuk-body">
                    <code className="app-secret" data-testid="totp-secret">
                      {setup.secretGrouped}
                    </code>
                  </p>
                </div>
              </details>
              <h2 className="govuk-heading-m">2. Enter the code the app shows</h2>
              <TextInput
                label="Code from your authenticator app"
                hint="The 6-digit code, for example 123456. It changes every 30 seconds."
                {...codeInput}
                {...form.field('code')}
              />
              <button type="submit" className="govuk-button" disabled={form.submitting}>
                {form.submitting ? 'Checking...' : 'Continue'}
              </button>
            </form>
          ) : loadError ? null : (
            <p className="govuk-body">Loading...</p>
          )}
        </Page>
      </div>
    </div>
  );
}

/** After the password: a code from the app, or one of the recovery codes. */
export function SecondFactorCodePage() {
  const [recovery, setRecovery] = useState(false);
  return recovery ? (
    <RecoveryCodeForm key="recovery" toggle={() => setRecovery(false)} />
  ) : (
    <AppCodeForm key="code" toggle={() => setRecovery(true)} />
  );
}

const verify = (input: { code: string } | { recoveryCode: string }) =>
  orSignIn(async () => navigate(home(await offline.verifySecondFactor(input)), { replace: true }));

function AppCodeForm({ toggle }: { toggle: () => void }) {
  const form = useProblemForm({
    schema: CodeSchema,
    defaultValues: { code: '' },
    fallbackField: 'code',
    describe,
    onSubmit: verify,
  });
  return (
    <CodePage title="Enter the code from your authenticator app" form={form} toggle={toggle}>
      <TextInput
        label="Code from your authenticator app"
        hint="The 6-digit code the app shows now, for example 123456."
        {...codeInput}
        {...form.field('code')}
      />
    </CodePage>
  );
}

function RecoveryCodeForm({ toggle }: { toggle: () => void }) {
  const form = useProblemForm({
    schema: RecoverySchema,
    defaultValues: { recoveryCode: '' },
    fallbackField: 'recoveryCode',
    describe,
    onSubmit: verify,
  });
  return (
    <CodePage title="Enter a recovery code" form={form} toggle={toggle} recovery>
      <TextInput
        label="Recovery code"
        hint="One of the codes you saved when you set up your app, for example 7K3Q-M9XD-2PRT. Each works once."
        type="text"
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="characters"
        inputClassName="govuk-input--width-20"
        {...form.field('recoveryCode')}
      />
    </CodePage>
  );
}

function CodePage({
  title,
  form,
  toggle,
  recovery = false,
  children,
}: {
  title: string;
  form: { page: FormErrors; formProps: object; submitting: boolean };
  toggle: () => void;
  recovery?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title={title} {...form.page}>
          <form {...form.formProps}>
            {children}
            <button type="submit" className="govuk-button" disabled={form.submitting}>
              {form.submitting ? 'Checking...' : 'Continue'}
            </button>
          </form>
          <p className="govuk-body">
            <button type="button" className="app-link-button govuk-link" onClick={toggle}>
              {recovery ? 'Use a code from your app instead' : 'I do not have my phone'}
            </button>
          </p>
          <p className="govuk-body">
            Lost your phone and your recovery codes? Ask your partnership manager to reset your
            second factor.
          </p>
        </Page>
      </div>
    </div>
  );
}
