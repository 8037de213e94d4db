/**
 * Single sign-on: the "Sign in with ..." button on the sign-in page (shown
 * only when the service has a provider configured), the messages for a
 * refused sign-on, and the page the provider's round trip ends on.
 */
import { useEffect, useState } from 'react';
import { SSO_REFUSAL_REASONS, type SsoRefusal } from '@s11/shared';
import { Page } from '../../components/page';
import { navigate } from '../../components/router';
import { ApiError, offline, SecondFactorRequired, useCommand } from '../../offline';

/** Why the server sent the browser back to the sign-in page (`?sso=`): one message per reason it gives. */
const SSO_REFUSALS: Record<SsoRefusal, string> = {
  failed:
    'Signing in with your organisation account did not work. Try again, or use your password.',
  unknown:
    'There is no S11 Portal account for your organisation account. Ask your partnership manager to invite you.',
  unverified:
    'Your organisation account did not confirm your email address, so it cannot be linked. Use your password, or ask your IT team.',
  disabled: 'Your account is not active. Ask your partnership manager.',
  off: 'Signing in with an organisation account is not set up on this service.',
};

export function ssoRefusal(search: string): string | null {
  const reason = new URLSearchParams(search).get('sso');
  if (reason === null) return null;
  // A reason this page does not know (a newer server, an edited address) reads as a failure.
  const known = (SSO_REFUSAL_REASONS as readonly string[]).includes(reason);
  return SSO_REFUSALS[known ? (reason as SsoRefusal) : 'failed'];
}

export function SsoButton() {
  const answer = useCommand('sso.status');
  // Not knowing (offline, an old server) reads as no SSO: the password form still works.
  const sso = answer.status === 'done' ? answer.data : null;
  if (!sso?.enabled) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Or use your organisation account</h2>
      {/* A full page load: the browser goes to the provider and comes back. */}
      <a href="/api/auth/oidc/start" className="govuk-button govuk-button--secondary" role="button">
        Sign in with {sso.displayName}
      </a>
    </>
  );
}

/** Where the provider's round trip ends: the session exists; the device learns who it is. */
export function SsoLandingPage() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    offline
      .finishSso()
      .then((me) =>
        navigate(me.memberships.some((m) => m.scope === 'organisation') ? '/' : '/partnership', {
          replace: true,
        }),
      )
      .catch((e: unknown) => {
        if (e instanceof SecondFactorRequired)
          navigate(e.step === 'setup' ? '/sign-in/set-up-authenticator' : '/sign-in/code', {
            replace: true,
          });
        else if (e instanceof ApiError && e.status === 401) navigate('/sign-in', { replace: true });
        else setError('Signing in did not finish. Please try again.');
      });
  }, []);
  return (
    <Page title="Signing you in">
      <p className="govuk-body">{error ?? 'Signing you in...'}</p>
      {error ? (
        <p className="govuk-body">
          <a className="govuk-link" href="/sign-in">
            Back to sign in
          </a>
        </p>
      ) : null}
    </Page>
  );
}
