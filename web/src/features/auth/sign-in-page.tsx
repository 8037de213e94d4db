import { LoginSchema } from '@s11/shared';
import { TextInput } from '../../components/field';
import { Page } from '../../components/page';
import { Link, navigate } from '../../components/router';
import { useProblemForm } from '../../components/use-problem-form';
import { ApiError, offline, SecondFactorRequired, UnsentChangesError } from '../../offline';
import { SsoButton, ssoRefusal } from './sso';
import { useEffect } from 'react';

/** Sign-in failures in words a person can act on; every other refusal is "not right". */
function describe(e: unknown): string | undefined {
  if (e instanceof UnsentChangesError)
    return `Someone else's ${String(e.unsent)} change(s) on this tablet have not been sent yet. Ask them to sign in and send them first.`;
  if (e instanceof ApiError && e.status === 429)
    return `Too many attempts. ${e.problem?.detail ?? 'Wait a few minutes and try again.'}`;
  if (e instanceof ApiError && e.status === 0)
    return 'You need to be online to sign in on this device for the first time.';
  if (e instanceof ApiError) return 'Your email address or password is not right.';
  return undefined;
}

export function SignInPage() {
  const form = useProblemForm({
    schema: LoginSchema,
    defaultValues: { email: '', password: '' },
    fallbackField: 'password',
    describe,
    onSubmit: async (v) => {
      try {
        const me = await offline.signIn(v.email, v.password);
        const isOrg = me.memberships.some((m) => m.scope === 'organisation');
        navigate(isOrg ? '/' : '/partnership', { replace: true });
      } catch (e) {
        if (!(e instanceof SecondFactorRequired)) throw e;
        navigate(e.step === 'setup' ? '/sign-in/set-up-authenticator' : '/sign-in/code');
      }
    },
  });
  // A refused single sign-on comes back here with a reason in the query.
  const { fail } = form;
  useEffect(() => {
    const refusal = ssoRefusal(window.location.search);
    if (refusal) fail(refusal);
  }, [fail]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title="Sign in" {...form.page}>
          <form {...form.formProps}>
            <TextInput
              label="Email address"
              type="email"
              autoComplete="username"
              spellCheck={false}
              {...form.field('email')}
            />
            <TextInput
              label="Password"
              type="password"
              autoComplete="current-password"
              {...form.field('password')}
            />
            <button type="submit" className="govuk-button" disabled={form.submitting}>
              {form.submitting ? 'Signing in...' : 'Sign in'}
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
