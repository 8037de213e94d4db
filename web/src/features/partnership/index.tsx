/**
 * The partnership console (lazily loaded: the tablet form's first load
 * carries none of it). Managers run cycles and moderate; board viewers read.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Page } from '../../components/page';
import { Link, match, usePath } from '../../components/router';
import { usePartnership } from './data';
import { Overview } from './overview';
import { Tracker } from './tracker';
import { Rollups } from './rollups';
import { Organisations } from './organisations';
import { Cycles } from './cycles';
import { ModerateReturn } from './moderate';
import { People, Person } from './people';
import { Invitations } from './invitations';
import { AuditLog } from './audit-log';

const TABS = [
  { to: '/partnership', label: 'Overview' },
  { to: '/partnership/returns', label: 'Returns' },
  { to: '/partnership/rollups', label: 'Roll-ups' },
  { to: '/partnership/organisations', label: 'Organisations' },
  { to: '/partnership/cycles', label: 'Cycles' },
  { to: '/partnership/people', label: 'People', manage: true },
  { to: '/partnership/invitations', label: 'Invitations', manage: true },
  { to: '/partnership/audit', label: 'Audit log', manage: true },
];

// TanStack Query lives with the console, so the tablet form's first load carries none of it.
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 30_000 } },
});

export default function PartnershipConsole() {
  return (
    <QueryClientProvider client={queryClient}>
      <Console />
    </QueryClientProvider>
  );
}

function Console() {
  const path = usePath();
  const { me, partnership, canManage } = usePartnership();
  if (!me) return <p className="govuk-body">Loading...</p>;
  if (!partnership) {
    return (
      <Page title="Partnership console">
        <p className="govuk-body">You are not a member of a partnership.</p>
      </Page>
    );
  }
  let m: Record<string, string> | null;
  let body;
  if ((m = match('/partnership/returns/:id', path)))
    body = <ModerateReturn returnId={m.id ?? ''} canManage={canManage} />;
  else if (path.startsWith('/partnership/returns'))
    body = <Tracker pid={partnership.id} canManage={canManage} />;
  else if (path.startsWith('/partnership/rollups')) body = <Rollups pid={partnership.id} />;
  else if (path.startsWith('/partnership/organisations'))
    body = <Organisations pid={partnership.id} canManage={canManage} />;
  else if (path.startsWith('/partnership/cycles'))
    body = <Cycles pid={partnership.id} canManage={canManage} />;
  // People, invitations and the audit log are for managers (the server checks too).
  else if (canManage && (m = match('/partnership/people/:uid', path)))
    body = <Person key={m.uid} pid={partnership.id} uid={m.uid ?? ''} />;
  else if (canManage && path.startsWith('/partnership/people'))
    body = <People pid={partnership.id} />;
  else if (canManage && path.startsWith('/partnership/invitations'))
    body = <Invitations pid={partnership.id} />;
  else if (canManage && path.startsWith('/partnership/audit'))
    body = <AuditLog pid={partnership.id} />;
  else body = <Overview pid={partnership.id} name={partnership.name} />;
  return (
    <>
      <nav className="govuk-service-navigation app-no-print" aria-label="Console">
        <ul className="govuk-service-navigation__list app-console-nav">
          {TABS.filter((t) => canManage || !t.manage).map((t) => {
            const active = t.to === '/partnership' ? path === t.to : path.startsWith(t.to);
            return (
              <li
                key={t.to}
                className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
              >
                <Link
                  to={t.to}
                  className="govuk-service-navigation__link"
                  aria-current={active ? 'page' : undefined}
                >
                  {t.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {body}
    </>
  );
}
