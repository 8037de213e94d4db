import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { Link, navigate } from '../../components/router';
import { ApiError, offline, SecondFactorRequired, UnsentChangesError } from '../../offline';
import { SsoButton, ssoRefusal } from './sso';

const SignInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .email('Enter an email address, like name@example.org'),
  password: z.string().min(1, 'Enter your password'),
});
type SignIn = z.infer<typeof SignInSchema>;

export function SignInPage() {
  const [serverError, setServerError] = useState<string | null>(() =>
    ssoRefusal(window.location.search),
  );
  const [tries, setTries] = useState(0);
  const { register, handleSubmit, formState } = useForm<SignIn>({
    resolver: zodResolver(SignInSchema),
    shouldFocusError: false,
    defaultValues: { email: '', password: '' },
  });
  const errors = [
    ...(formState.errors.email?.message
      ? [{ field: 'email', message: formState.errors.email.message }]
      : []),
    ...(formState.errors.password?.message
      ? [{ field: 'password', message: formState.errors.password.message }]
      : []),
    ...(serverError ? [{ field: 'password', message: serverError }] : []),
  ];
  const onSubmit = handleSubmit(
    async (v) => {
      setServerError(null);
      try {
        const me = await offline.signIn(v.email, v.password);
        const isOrg = me.memberships.some((m) => m.scope === 'organisation');
        navigate(isOrg ? '/' : '/partnership', { replace: true });
      } catch (e) {
        if (e instanceof SecondFactorRequired) {
          navigate(e.step === 'setup' ? '/sign-in/set-up-authenticator' : '/sign-in/code');
          return;
        }
        if (e instanceof UnsentChangesError)
          setServerError(
            `Someone else's ${String(e.unsent)} change(s) on this tablet have not been sent yet. Ask them to sign in and send them first.`,
          );
        else if (e instanceof ApiError && e.status === 429)
          setServerError(
            `Too many attempts. ${e.problem?.detail ?? 'Wait a few minutes and try again.'}`,
          );
        else if (e instanceof ApiError && e.status === 0)
          setServerError('You need to be online to sign in on this device for the first time.');
        else if (e instanceof ApiError)
          setServerError('Your email address or password is not right.');
        else setServerError('Something went wrong. Please try again.');
        setTries((n) => n + 1);
      }
    },
    () => setTries((n) => n + 1),
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={tries} />
        <Page title="Sign in">
          <form noValidate onSubmit={(e) => void onSubmit(e)}>
            <div
              className={`govuk-form-group${formState.errors.email ? ' govuk-form-group--error' : ''}`}
            >
              <label className="govuk-label govuk-label--s" htmlFor="email">
                Email address
              </label>
              <FieldError id="email" message={formState.errors.email?.message} />
              <input
                className="govuk-input"
                id="email"
                type="email"
                autoComplete="username"
                spellCheck={false}
                aria-describedby={formState.errors.email ? 'email-error' : undefined}
                {...register('email')}
              />
            </div>
            <div
              className={`govuk-form-group${formState.errors.password || serverError ? ' govuk-form-group--error' : ''}`}
            >
              <label className="govuk-label govuk-label--s" htmlFor="password">
                Password
              </label>
              <FieldError
                id="password"
                message={formState.errors.password?.message ?? serverError ?? undefined}
              />
              <input
                className="govuk-input"
                id="password"
                type="password"
                autoComplete="current-password"
                aria-describedby={
                  formState.errors.password || serverError ? 'password-error' : undefined
                }
                {...register('password')}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? 'Signing in...' : 'Sign in'}
            </button>
          </form>
          <p className="govuk-body">
            <Link to="/forgotten-password">Forgotten your password?</Link>
          </p>
          <p className="govuk-body">
            If you have been invited, use the link in your invitation email to set your password.
          </p>
          <SsoButton />
        </Page>
      </div>
    </div>
  );
}
