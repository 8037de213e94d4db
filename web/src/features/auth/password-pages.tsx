/**
 * Forgotten password (ask for a link), reset password (from the link) and
 * change password (signed in). The server decides what a password may be;
 * these pages only check length so the error summary can say so at once.
 */
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { LIMITS } from '@s11/shared';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { Link } from '../../components/router';
import { ApiError, send } from '../../offline';

const newPassword = z
  .string()
  .min(
    LIMITS.password.min,
    `Your password must be at least ${String(LIMITS.password.min)} characters`,
  )
  .max(
    LIMITS.password.max,
    `Your password must be ${String(LIMITS.password.max)} characters or fewer`,
  );

/** Field errors from a problem+json answer, else one message on `fallbackField`. */
function serverErrors(err: unknown, fallbackField: string) {
  if (err instanceof ApiError && err.problem?.errors?.length)
    return err.problem.errors.map((e) => ({ field: e.path, message: e.message }));
  if (err instanceof ApiError && err.status === 0)
    return [{ field: fallbackField, message: 'You need to be online to do this.' }];
  if (err instanceof ApiError && err.problem)
    return [{ field: fallbackField, message: err.problem.detail ?? err.problem.title }];
  return [{ field: fallbackField, message: 'Something went wrong. Please try again.' }];
}

const PasswordHint = ({ id }: { id: string }) => (
  <div id={id} className="govuk-hint">
    At least 12 characters. A good way is three random words, like “tea lamp river”. You can paste
    from a password manager.
  </div>
);

function useErrors() {
  const [server, setServer] = useState<{ field: string; message: string }[]>([]);
  const [tries, setTries] = useState(0);
  return { server, setServer, tries, bump: () => setTries((n) => n + 1) };
}

// ------------------------------------------------------------ forgotten

const ForgottenSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .email('Enter an email address, like name@example.org'),
});

export function ForgottenPasswordPage() {
  const [sent, setSent] = useState<string | null>(null);
  const [noMail, setNoMail] = useState<string | null>(null);
  const errs = useErrors();
  const { register, handleSubmit, formState } = useForm<{ email: string }>({
    resolver: zodResolver(ForgottenSchema),
    shouldFocusError: false,
    defaultValues: { email: '' },
  });
  // This service sends no email (MAIL_DISABLED): said plainly, with who to ask.
  if (noMail)
    return (
      <Page title="We cannot email you a link">
        <p className="govuk-body">{noMail}</p>
        <p className="govuk-body">
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </Page>
    );
  if (sent)
    return (
      <Page title="Check your email">
        <p className="govuk-body">{sent}</p>
        <p className="govuk-body">
          The email can take a few minutes to arrive. Check your spam folder too.
        </p>
        <p className="govuk-body">
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </Page>
    );
  const submit = handleSubmit(
    async (v) => {
      errs.setServer([]);
      try {
        const res = await send('password.forgotten', { email: v.email });
        if (!res.ok) setNoMail(res.message);
        else setSent(res.message);
      } catch (err) {
        errs.setServer(serverErrors(err, 'email'));
        errs.bump();
      }
    },
    () => errs.bump(),
  );
  const e = formState.errors;
  const errors = [
    ...(e.email?.message ? [{ field: 'email', message: e.email.message }] : []),
    ...errs.server,
  ];
  const emailError = e.email?.message ?? errs.server.find((x) => x.field === 'email')?.message;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={errs.tries} />
        <Page title="Reset your password">
          <p className="govuk-body">
            Enter the email address you sign in with. We will send you a link to choose a new
            password.
          </p>
          <form noValidate onSubmit={(ev) => void submit(ev)}>
            <div className={`govuk-form-group${emailError ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label govuk-label--s" htmlFor="email">
                Email address
              </label>
              <FieldError id="email" message={emailError} />
              <input
                className="govuk-input"
                id="email"
                type="email"
                autoComplete="username"
                spellCheck={false}
                {...register('email')}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
              Send the link
            </button>
          </form>
          <p className="govuk-body">
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </Page>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- reset

const ResetSchema = z.object({ password: newPassword });

export function ResetPasswordPage({ token }: { token: string }) {
  const [state, setState] = useState<'checking' | 'ok' | 'gone' | 'done'>('checking');
  const [email, setEmail] = useState('');
  const errs = useErrors();
  const { register, handleSubmit, formState } = useForm<{ password: string }>({
    resolver: zodResolver(ResetSchema),
    shouldFocusError: false,
    defaultValues: { password: '' },
  });
  useEffect(() => {
    send('password.checkReset', { token })
      .then((r) => {
        setEmail(r.email);
        setState('ok');
      })
      .catch(() => setState('gone'));
  }, [token]);
  if (state === 'checking') return <p className="govuk-body">Checking your link...</p>;
  if (state === 'gone')
    return (
      <Page title="This password reset link has expired or been used">
        <p className="govuk-body">
          Links work once, for 30 minutes. <Link to="/forgotten-password">Ask for a new link</Link>.
        </p>
      </Page>
    );
  if (state === 'done')
    return (
      <Page title="Your password has been changed">
        <p className="govuk-body">
          You have been signed out everywhere else. <Link to="/sign-in">Sign in</Link> with your new
          password.
        </p>
      </Page>
    );
  const submit = handleSubmit(
    async (v) => {
      errs.setServer([]);
      try {
        await send('password.reset', { token, password: v.password });
        setState('done');
      } catch (err) {
        errs.setServer(serverErrors(err, 'password'));
        errs.bump();
      }
    },
    () => errs.bump(),
  );
  const e = formState.errors;
  const passwordError =
    e.password?.message ?? errs.server.find((x) => x.field === 'password')?.message;
  const errors = [
    ...(e.password?.message ? [{ field: 'password', message: e.password.message }] : []),
    ...errs.server,
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={errs.tries} />
        <Page title="Choose a new password">
          <p className="govuk-body">
            For the account <strong>{email}</strong>. Changing it signs you out on every other
            device.
          </p>
          <form noValidate onSubmit={(ev) => void submit(ev)}>
            <div className={`govuk-form-group${passwordError ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label govuk-label--s" htmlFor="password">
                New password
              </label>
              <PasswordHint id="password-hint" />
              <FieldError id="password" message={passwordError} />
              <input
                className="govuk-input"
                id="password"
                type="password"
                autoComplete="new-password"
                aria-describedby="password-hint"
                {...register('password')}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
              Change password
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}

// --------------------------------------------------------------- change

const ChangeSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password'),
  newPassword,
});
type Change = z.infer<typeof ChangeSchema>;

export function ChangePasswordPage() {
  const [done, setDone] = useState(false);
  const errs = useErrors();
  const { register, handleSubmit, formState, reset } = useForm<Change>({
    resolver: zodResolver(ChangeSchema),
    shouldFocusError: false,
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  if (done)
    return (
      <Page title="Your password has been changed">
        <p className="govuk-body">You have been signed out on every other device.</p>
        <p className="govuk-body">
          <Link to="/">Continue</Link>
        </p>
      </Page>
    );
  const submit = handleSubmit(
    async (v) => {
      errs.setServer([]);
      try {
        await send('password.change', v);
        reset();
        setDone(true);
      } catch (err) {
        errs.setServer(serverErrors(err, 'newPassword'));
        errs.bump();
      }
    },
    () => errs.bump(),
  );
  const e = formState.errors;
  const message = (f: keyof Change) =>
    e[f]?.message ?? errs.server.find((x) => x.field === f)?.message;
  const errors = [
    ...(['currentPassword', 'newPassword'] as const).flatMap((f) =>
      e[f]?.message ? [{ field: f, message: e[f].message }] : [],
    ),
    ...errs.server,
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={errs.tries} />
        <Page title="Change your password">
          <p className="govuk-body">Changing it signs you out on every other device.</p>
          <form noValidate onSubmit={(ev) => void submit(ev)}>
            <div
              className={`govuk-form-group${message('currentPassword') ? ' govuk-form-group--error' : ''}`}
            >
              <label className="govuk-label govuk-label--s" htmlFor="currentPassword">
                Current password
              </label>
              <FieldError id="currentPassword" message={message('currentPassword')} />
              <input
                className="govuk-input"
                id="currentPassword"
                type="password"
                autoComplete="current-password"
                {...register('currentPassword')}
              />
            </div>
            <div
              className={`govuk-form-group${message('newPassword') ? ' govuk-form-group--error' : ''}`}
            >
              <label className="govuk-label govuk-label--s" htmlFor="newPassword">
                New password
              </label>
              <PasswordHint id="newPassword-hint" />
              <FieldError id="newPassword" message={message('newPassword')} />
              <input
                className="govuk-input"
                id="newPassword"
                type="password"
                autoComplete="new-password"
                aria-describedby="newPassword-hint"
                {...register('newPassword')}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
              Change password
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}
