/**
 * After the password: set up an authenticator app (first sign-in of
 * partnership staff), or enter a code from it or a recovery code. The
 * server decides which (SecondFactorRequired.step); these pages follow.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { RecoveryCodeSchema, TotpCodeSchema, type TotpSetup } from '@s11/shared';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { navigate } from '../../components/router';
import { ApiError, offline, UnsentChangesError, type Me } from '../../offline';

export const SET_UP_PATH = '/sign-in/set-up-authenticator';
export const CODE_PATH = '/sign-in/code';

export function secondFactorPath(step: 'setup' | 'verify'): string {
  return step === 'setup' ? SET_UP_PATH : CODE_PATH;
}

const home = (me: Me) =>
  me.memberships.some((m) => m.scope === 'organisation') ? '/' : '/partnership';

/** The message for a failed attempt; null when the session has ended (back to sign-in). */
function messageFor(e: unknown, field: 'code' | 'recoveryCode'): string | null {
  if (e instanceof UnsentChangesError)
    return `Someone else's ${String(e.unsent)} change(s) on this tablet have not been sent yet. Ask them to sign in and send them first.`;
  if (e instanceof ApiError) {
    if (e.status === 401) return null;
    if (e.status === 429)
      return `Too many attempts. ${e.problem?.detail ?? 'Wait a few minutes and try again.'}`;
    if (e.status === 0) return 'You need to be online to sign in.';
    const fieldMessage = e.problem?.errors?.find((x) => x.path === field)?.message;
    if (fieldMessage) return fieldMessage;
    return e.problem?.detail ?? e.problem?.title ?? 'That did not work. Please try again.';
  }
  return 'Something went wrong. Please try again.';
}

function CodeInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  recovery = false,
}: {
  id: string;
  label: string;
  hint: string;
  error: string | null;
  value: string;
  onChange: (v: string) => void;
  recovery?: boolean;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <div id={`${id}-hint`} className="govuk-hint">
        {hint}
      </div>
      <FieldError id={id} message={error ?? undefined} />
      <input
        className={`govuk-input ${recovery ? 'govuk-input--width-20' : 'govuk-input--width-10'}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputMode={recovery ? 'text' : 'numeric'}
        autoComplete={recovery ? 'off' : 'one-time-code'}
        spellCheck={false}
        autoCapitalize={recovery ? 'characters' : 'off'}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** Set up an authenticator app: QR code or key, one code to confirm, recovery codes once. */
export function SecondFactorSetupPage() {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [tries, setTries] = useState(0);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ me: Me; recoveryCodes: string[] } | null>(null);

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

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = TotpCodeSchema.safeParse(code);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter the code');
      setTries((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setDone(await offline.confirmTotp(parsed.data));
    } catch (e) {
      const m = messageFor(e, 'code');
      if (m === null) navigate('/sign-in', { replace: true });
      setError(m);
      setTries((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

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
        <ErrorSummary errors={error ? [{ field: 'code', message: error }] : []} focusKey={tries} />
        <Page title="Set up your authenticator app">
          <p className="govuk-body">
            Partnership staff sign in with a password and a code from an authenticator app on their
            phone, such as Microsoft Authenticator or Google Authenticator. You only do this once.
          </p>
          {loadError ? <p className="govuk-body">{loadError}</p> : null}
          {setup ? (
            <form noValidate onSubmit={(e) => void submit(e)}>
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
              <CodeInput
                id="code"
                label="Code from your authenticator app"
                hint="The 6-digit code, for example 123456. It changes every 30 seconds."
                error={error}
                value={code}
                onChange={setCode}
              />
              <button type="submit" className="govuk-button" disabled={busy}>
                {busy ? 'Checking...' : 'Continue'}
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
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [tries, setTries] = useState(0);
  const [busy, setBusy] = useState(false);
  const field = recovery ? 'recoveryCode' : 'code';

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = (recovery ? RecoveryCodeSchema : TotpCodeSchema).safeParse(value);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter the code');
      setTries((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await offline.verifySecondFactor(
        recovery ? { recoveryCode: parsed.data } : { code: parsed.data },
      );
      navigate(home(me), { replace: true });
    } catch (e) {
      const m = messageFor(e, field);
      if (m === null) navigate('/sign-in', { replace: true });
      setError(m);
      setTries((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={error ? [{ field, message: error }] : []} focusKey={tries} />
        <Page
          title={recovery ? 'Enter a recovery code' : 'Enter the code from your authenticator app'}
        >
          <form noValidate onSubmit={(e) => void submit(e)}>
            {recovery ? (
              <CodeInput
                key="recovery"
                id="recoveryCode"
                label="Recovery code"
                hint="One of the codes you saved when you set up your app, for example 7K3Q-M9XD-2PRT. Each works once."
                error={error}
                value={value}
                onChange={setValue}
                recovery
              />
            ) : (
              <CodeInput
                key="code"
                id="code"
                label="Code from your authenticator app"
                hint="The 6-digit code the app shows now, for example 123456."
                error={error}
                value={value}
                onChange={setValue}
              />
            )}
            <button type="submit" className="govuk-button" disabled={busy}>
              {busy ? 'Checking...' : 'Continue'}
            </button>
          </form>
          <p className="govuk-body">
            <button
              type="button"
              className="app-link-button govuk-link"
              onClick={() => {
                setRecovery((r) => !r);
                setValue('');
                setError(null);
              }}
            >
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
