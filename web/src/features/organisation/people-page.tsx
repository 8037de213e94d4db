/**
 * An organisation's own people, for its signatory (read-only): who has access,
 * in which role, when they last signed in, and whether their account is
 * disabled. Needs a connection (it is not kept on the device).
 */
import { ROLE_LABELS, formatDateTime } from '@s11/shared';
import { Page } from '../../components/page';
import { Link } from '../../components/router';
import { Table } from '../../components/table';
import { ApiError, useCommand, useMe } from '../../offline';

export function OrganisationPeoplePage({ organisationId }: { organisationId: string }) {
  const me = useMe();
  const org = me?.organisations.find((o) => o.id === organisationId);
  const answer = useCommand('organisations.people', { organisationId });
  const people = answer.status === 'done' ? answer.data.people : null;
  const error =
    answer.status !== 'failed'
      ? null
      : answer.error instanceof ApiError &&
          (answer.error.status === 403 || answer.error.status === 404)
        ? 'Only the organisation’s signatory can see its people.'
        : 'This page needs a connection. Try again when you are online.';
  return (
    <Page title={`People in ${org?.name ?? 'your organisation'}`}>
      <p className="govuk-body">
        Everyone who can work on your organisation’s returns. To give someone access or change a
        role, ask your safeguarding partnership’s manager.
      </p>
      {error ? (
        <p className="govuk-error-message" role="alert">
          {error}
        </p>
      ) : null}
      {people ? (
        <Table
          caption={`${String(people.length)} people`}
          testId="organisation-people"
          rows={people}
          rowKey={(p) => p.id}
          columns={[
            { header: 'Name', cell: (p) => p.name },
            { header: 'Email', cell: (p) => p.email },
            { header: 'Role', cell: (p) => p.roles.map((r) => ROLE_LABELS[r]).join(', ') },
            {
              header: 'Last signed in',
              cell: (p) => (p.lastSignInAt ? formatDateTime(p.lastSignInAt) : 'Never'),
            },
            {
              header: 'Authenticator app',
              cell: (p) => (p.secondFactor.totp ? 'Set up' : 'Not set up'),
            },
            { header: 'Account', cell: (p) => (p.disabled ? 'Disabled' : 'Active') },
          ]}
        />
      ) : !error ? (
        <p className="govuk-body">Loading...</p>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/">
          Back to your returns
        </Link>
      </p>
    </Page>
  );
}
