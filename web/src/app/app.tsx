import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import type { StandardNumber } from '@s11/shared';
import { Layout } from './layout';
import { Link, match, navigate, usePath } from '../components/router';
import { offline, registerServiceWorker, useMe } from '../offline';
import { SignOutButton } from '../features/auth/sign-out';
import { ReturnsPage } from '../features/assessment/returns-page';
import { TaskListPage } from '../features/assessment/task-list-page';
import { StatusLine } from '../features/shell/status-line';
import { UpdateBanner } from '../features/shell/update-banner';
import { StorageNotice, showsStorageNotice } from '../features/shell/storage-notice';
import { NotFoundPage } from '../features/about/not-found-page';

// The partnership console is a separate chunk: the tablet form never loads it.
const PartnershipConsole = lazy(() => import('../features/partnership'));
// So are the pages not needed to open a return (the returns list and the task
// list are in the entry). The service worker precaches every chunk, so they
// open offline too; figure 1 in docs/benchmarks.md counts the entry only.
const SignInPage = lazy(() =>
  import('../features/auth/sign-in-page').then((m) => ({ default: m.SignInPage })),
);
const InvitationPage = lazy(() =>
  import('../features/auth/invitation-page').then((m) => ({ default: m.InvitationPage })),
);
const ForgottenPasswordPage = lazy(() =>
  import('../features/auth/password-pages').then((m) => ({ default: m.ForgottenPasswordPage })),
);
const ResetPasswordPage = lazy(() =>
  import('../features/auth/password-pages').then((m) => ({ default: m.ResetPasswordPage })),
);
const ChangePasswordPage = lazy(() =>
  import('../features/auth/password-pages').then((m) => ({ default: m.ChangePasswordPage })),
);
const SecondFactorSetupPage = lazy(() =>
  import('../features/auth/second-factor-pages').then((m) => ({
    default: m.SecondFactorSetupPage,
  })),
);
const SecondFactorCodePage = lazy(() =>
  import('../features/auth/second-factor-pages').then((m) => ({
    default: m.SecondFactorCodePage,
  })),
);
const SsoLandingPage = lazy(() =>
  import('../features/auth/sso').then((m) => ({ default: m.SsoLandingPage })),
);
const OrganisationPeoplePage = lazy(() =>
  import('../features/organisation/people-page').then((m) => ({
    default: m.OrganisationPeoplePage,
  })),
);
const StandardPage = lazy(() =>
  import('../features/assessment/standard-page').then((m) => ({ default: m.StandardPage })),
);
const CheckAnswersPage = lazy(() =>
  import('../features/assessment/check-answers-page').then((m) => ({
    default: m.CheckAnswersPage,
  })),
);
const SentPage = lazy(() =>
  import('../features/assessment/sent-page').then((m) => ({ default: m.SentPage })),
);
const AccessibilityPage = lazy(() =>
  import('../features/about/accessibility-page').then((m) => ({ default: m.AccessibilityPage })),
);
const PrivacyPage = lazy(() =>
  import('../features/about/privacy-page').then((m) => ({ default: m.PrivacyPage })),
);
const ContactPage = lazy(() =>
  import('../features/about/contact-page').then((m) => ({ default: m.ContactPage })),
);
const loading = <p className="govuk-body">Loading...</p>;

/** The footer's pages: readable by anyone, signed in or not (the regulations ask it). */
const ABOUT_PAGES: Record<string, ReactNode> = {
  '/accessibility': <AccessibilityPage />,
  '/privacy': <PrivacyPage />,
  '/contact': <ContactPage />,
};

function Routes({ path, orgUser }: { path: string; orgUser: boolean }): ReactNode {
  let m: Record<string, string> | null;
  // People who only work for the partnership start in the console.
  if (path === '/' && !orgUser) path = '/partnership';
  if ((m = match('/returns/:id/standards/:n', path))) {
    const n = Number(m.n);
    if (n >= 1 && n <= 8)
      return (
        <StandardPage
          key={`${m.id ?? ''}-${String(n)}`}
          returnId={m.id ?? ''}
          standard={n as StandardNumber}
        />
      );
  }
  if ((m = match('/returns/:id/check', path))) return <CheckAnswersPage returnId={m.id ?? ''} />;
  if ((m = match('/returns/:id/sent', path))) return <SentPage returnId={m.id ?? ''} />;
  if ((m = match('/returns/:id', path))) return <TaskListPage returnId={m.id ?? ''} />;
  if (path === '/partnership' || path.startsWith('/partnership/')) {
    return <PartnershipConsole />;
  }
  if (path === '/account/password') return <ChangePasswordPage />;
  if ((m = match('/organisations/:id/people', path)))
    return <OrganisationPeoplePage organisationId={m.id ?? ''} />;
  if (path === '/') return <ReturnsPage />;
  return <NotFoundPage />;
}

/** Pages that work without a session: links from emails, and asking for a reset. */
const publicPage = (path: string) =>
  path in ABOUT_PAGES ||
  path.startsWith('/invitation/') ||
  path.startsWith('/reset-password/') ||
  path === '/forgotten-password';

export function App() {
  const path = usePath();
  const me = useMe();
  useEffect(() => {
    registerServiceWorker();
  }, []);
  useEffect(() => {
    if (me) offline.startSync();
  }, [me]);
  useEffect(() => {
    if (me === null && path !== '/sign-in' && !path.startsWith('/sign-in/') && !publicPage(path))
      navigate('/sign-in', { replace: true });
  }, [me, path]);
  const partnershipName = me?.partnerships[0]?.name ?? 'Safeguarding Children Partnership';
  return (
    <Layout
      partnershipName={partnershipName}
      nav={
        me ? (
          <>
            <span className="govuk-body-s app-header__user">{me.name}</span>{' '}
            <Link className="app-touch-target app-header__account" to="/account/password">
              Change password
            </Link>{' '}
            <SignOutButton />
          </>
        ) : null
      }
      status={me?.memberships.some((m) => m.scope === 'organisation') ? <StatusLine /> : null}
    >
      <UpdateBanner />
      <Suspense fallback={loading}>
        {path in ABOUT_PAGES ? (
          ABOUT_PAGES[path]
        ) : path.startsWith('/invitation/') ? (
          <InvitationPage token={path.slice('/invitation/'.length)} />
        ) : path.startsWith('/reset-password/') ? (
          <ResetPasswordPage token={path.slice('/reset-password/'.length)} />
        ) : path === '/forgotten-password' ? (
          <ForgottenPasswordPage />
        ) : path === '/sign-in/set-up-authenticator' ? (
          // The second factor: the session has passed the password only (the
          // device may still hold no user), so these render whoever is stored.
          <SecondFactorSetupPage />
        ) : path === '/sign-in/code' ? (
          <SecondFactorCodePage />
        ) : path === '/sign-in/sso' ? (
          <SsoLandingPage />
        ) : me === undefined ? (
          loading
        ) : me === null ? (
          <SignInPage />
        ) : (
          <Routes
            path={path === '/sign-in' ? '/' : path}
            orgUser={me.memberships.some((m) => m.scope === 'organisation')}
          />
        )}
      </Suspense>
      {me && showsStorageNotice(path) ? <StorageNotice /> : null}
    </Layout>
  );
}
