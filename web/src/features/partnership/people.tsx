/**
 * People (managers): everyone with access to the partnership and its
 * organisations, and one person's page where a manager changes a role or
 * disables / re-enables the account. Each change has a confirmation step
 * (GOV.UK "check before you change"); the server enforces every rule again.
 */
import { useState } from 'react';
import {
  ORGANISATION_ROLES,
  PARTNERSHIP_ROLES,
  ROLE_LABELS,
  RoleChangeSchema,
  type PersonBody,
  type PersonMembershipBody,
  type Role,
  formatDateTime,
} from '@s11/shared';
import { ConfirmPage } from '../../components/confirm-page';
import { Page } from '../../components/page';
import { Radios } from '../../components/radios';
import { problemText } from '../../components/problem';
import { SuccessBanner } from '../../components/success-banner';
import { useProblemForm } from '../../components/use-problem-form';
import { Link } from '../../components/router';
import { SummaryList, SummaryRow } from '../../components/summary-list';
import { Table } from '../../components/table';
import { ApiError } from '../../offline';
import { usePeople, usePeopleMutations, usePerson } from './people-data';

const displayName = (p: Pick<PersonBody, 'name' | 'email'>) => p.name || p.email;

const placeOf = (m: PersonMembershipBody) =>
  m.scope === 'partnership' ? 'the partnership' : (m.organisationName ?? 'an organisation');

export const accessText = (m: PersonMembershipBody) =>
  m.scope === 'partnership' ? ROLE_LABELS[m.role] : `${ROLE_LABELS[m.role]}, ${placeOf(m)}`;

/** What went wrong, from the server's problem (its title and detail) or the network. */
function StatusTag({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <strong className="govuk-tag govuk-tag--red">Disabled</strong>
  ) : (
    <strong className="govuk-tag govuk-tag--green">Active</strong>
  );
}

const secondFactorText = (p: PersonBody) =>
  p.secondFactor.totp
    ? `Set up (${String(p.secondFactor.recoveryCodesLeft)} recovery codes left)`
    : 'Not set up';

export function People({ pid }: { pid: string }) {
  const people = usePeople(pid);
  const list = people.data ?? [];
  return (
    <Page title="People">
      <p className="govuk-body">
        Everyone with access to the partnership and its organisations. Choose a name to change their
        role or to disable their account. To give someone access, invite them from{' '}
        <Link className="govuk-link" to="/partnership/organisations">
          Organisations
        </Link>
        ; invitations are under{' '}
        <Link className="govuk-link" to="/partnership/invitations">
          Invitations
        </Link>
        .
      </p>
      {people.isError ? (
        <p className="govuk-error-message" role="alert">
          {problemText(people.error)}
        </p>
      ) : null}
      <Table
        caption={people.isPending ? 'Loading people...' : `${String(list.length)} people`}
        testId="people"
        busy={people.isFetching}
        rows={list}
        rowKey={(p) => p.id}
        columns={[
          {
            header: 'Name',
            cell: (p) => (
              <>
                <Link className="govuk-link app-table-link" to={`/partnership/people/${p.id}`}>
                  {displayName(p)}
                </Link>
                {p.you ? ' (you)' : ''}
              </>
            ),
          },
          { header: 'Email', cell: (p) => p.email },
          {
            header: 'Access',
            cell: (p) =>
              p.memberships.map((m) => (
                <span className="app-block" key={m.id}>
                  {accessText(m)}
                </span>
              )),
          },
          {
            header: 'Last signed in',
            cell: (p) => (p.lastSignInAt ? formatDateTime(p.lastSignInAt) : 'Never'),
          },
          { header: 'Authenticator app', cell: secondFactorText },
          { header: 'Status', cell: (p) => <StatusTag disabled={p.disabled} /> },
        ]}
      />
    </Page>
  );
}

type Step =
  | { kind: 'view'; done?: string }
  | { kind: 'choose-role'; membership: PersonMembershipBody }
  | { kind: 'confirm-role'; membership: PersonMembershipBody; role: Role }
  | { kind: 'confirm-disable' }
  | { kind: 'confirm-enable' };

export function Person({ pid, uid }: { pid: string; uid: string }) {
  const person = usePerson(pid, uid);
  const [step, setStep] = useState<Step>({ kind: 'view' });
  if (person.isPending) return <p className="govuk-body">Loading...</p>;
  if (person.isError || !person.data)
    return (
      <Page title="Person not found">
        <p className="govuk-body">
          {person.error instanceof ApiError && person.error.status === 404
            ? 'This person does not have access to the partnership.'
            : problemText(person.error)}
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/partnership/people">
            Back to people
          </Link>
        </p>
      </Page>
    );
  const p = person.data;
  const back = (done?: string) => setStep(done ? { kind: 'view', done } : { kind: 'view' });
  switch (step.kind) {
    case 'choose-role':
      return (
        <ChooseRole
          person={p}
          membership={step.membership}
          cancel={() => back()}
          next={(role) => setStep({ kind: 'confirm-role', membership: step.membership, role })}
        />
      );
    case 'confirm-role':
      return (
        <ConfirmRole
          pid={pid}
          person={p}
          membership={step.membership}
          role={step.role}
          cancel={() => back()}
          done={back}
        />
      );
    case 'confirm-disable':
    case 'confirm-enable':
      return (
        <ConfirmDisable
          pid={pid}
          person={p}
          disable={step.kind === 'confirm-disable'}
          cancel={() => back()}
          done={back}
        />
      );
    default:
      return <PersonSummary person={p} done={step.done} go={setStep} />;
  }
}

function PersonSummary({
  person: p,
  done,
  go,
}: {
  person: PersonBody;
  done: string | undefined;
  go: (s: Step) => void;
}) {
  return (
    <Page title={displayName(p)} caption="People">
      {done ? <SuccessBanner id="person-done">{done}</SuccessBanner> : null}
      <dl className="govuk-summary-list" data-testid="person">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Email address</dt>
          <dd className="govuk-summary-list__value">{p.email}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Account</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag disabled={p.disabled} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Last signed in</dt>
          <dd className="govuk-summary-list__value">
            {p.lastSignInAt ? formatDateTime(p.lastSignInAt) : 'Never'}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Authenticator app</dt>
          <dd className="govuk-summary-list__value">{secondFactorText(p)}</dd>
        </div>
        {p.memberships.map((m) => (
          <div className="govuk-summary-list__row" key={m.id}>
            <dt className="govuk-summary-list__key">
              {m.scope === 'partnership' ? 'Role in the partnership' : `Role at ${placeOf(m)}`}
            </dt>
            <dd className="govuk-summary-list__value">{ROLE_LABELS[m.role]}</dd>
            <dd className="govuk-summary-list__actions">
              <button
                type="button"
                className="govuk-link app-link-button"
                onClick={() => go({ kind: 'choose-role', membership: m })}
              >
                Change<span className="govuk-visually-hidden"> role at {placeOf(m)}</span>
              </button>
            </dd>
          </div>
        ))}
      </dl>
      {p.you ? (
        <p className="govuk-inset-text">
          This is your account. Another manager can disable it if that is ever needed.
        </p>
      ) : !p.manageable ? (
        <p className="govuk-inset-text">
          This person also works with another partnership, so their account cannot be disabled from
          here. You can change their role here.
        </p>
      ) : p.disabled ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => go({ kind: 'confirm-enable' })}
        >
          Re-enable account
        </button>
      ) : (
        <button
          type="button"
          className="govuk-button govuk-button--warning"
          onClick={() => go({ kind: 'confirm-disable' })}
        >
          Disable account
        </button>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to="/partnership/people">
          Back to people
        </Link>
      </p>
    </Page>
  );
}

function ChooseRole({
  person,
  membership,
  cancel,
  next,
}: {
  person: PersonBody;
  membership: PersonMembershipBody;
  cancel: () => void;
  next: (role: Role) => void;
}) {
  const roles: readonly Role[] =
    membership.scope === 'partnership' ? PARTNERSHIP_ROLES : ORGANISATION_ROLES;
  const form = useProblemForm({
    // The server's own rule for a role (RoleChangeSchema), and the one this
    // step adds: a change must change something.
    schema: RoleChangeSchema.refine((v) => v.role !== membership.role, {
      path: ['role'],
      message: `Choose a role different from ${ROLE_LABELS[membership.role].toLowerCase()}`,
    }),
    defaultValues: { role: membership.role },
    idPrefix: 'new-',
    onSubmit: (v) => next(v.role),
  });
  const hints: Record<Role, string> = {
    org_editor: 'Fills in the organisation’s return',
    org_signatory: 'Fills in and signs off the organisation’s return',
    partnership_manager: 'Runs cycles, moderates returns and manages people',
    partnership_viewer: 'Reads everything, changes nothing (board members)',
  };
  return (
    <Page title={`Change ${displayName(person)}’s role`} caption="People" {...form.page}>
      <form {...form.formProps}>
        <Radios<Role>
          id={form.idOf('role')}
          legend={`New role at ${placeOf(membership)}`}
          hint={`Now: ${ROLE_LABELS[membership.role]}`}
          options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: hints[r] }))}
          value={form.form.watch('role')}
          onChange={(v) =>
            form.form.setValue('role', v, { shouldValidate: form.form.formState.isSubmitted })
          }
          error={form.error('role')}
        />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button">
            Continue
          </button>
          <button type="button" className="govuk-link app-link-button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}

function ConfirmRole({
  pid,
  person,
  membership,
  role,
  cancel,
  done,
}: {
  pid: string;
  person: PersonBody;
  membership: PersonMembershipBody;
  role: Role;
  cancel: () => void;
  done: (message: string) => void;
}) {
  const { changeRole } = usePeopleMutations(pid);
  return (
    <ConfirmPage
      title={`Change ${displayName(person)}’s role?`}
      caption="People"
      id="confirm-role"
      confirmLabel="Change role"
      describeError={problemText}
      onCancel={cancel}
      onConfirm={() =>
        changeRole
          .mutateAsync({ uid: person.id, mid: membership.id, role })
          .then(() => done(`${displayName(person)} is now ${ROLE_LABELS[role]}.`))
      }
    >
      <SummaryList>
        <SummaryRow
          label="Where"
          value={membership.scope === 'partnership' ? 'The partnership' : placeOf(membership)}
        />
        <SummaryRow label="From" value={ROLE_LABELS[membership.role]} />
        <SummaryRow label="To" value={ROLE_LABELS[role]} />
      </SummaryList>
      <p className="govuk-body">
        The change takes effect the next time {displayName(person)} does anything in S11 Portal. It
        is recorded in the audit log.
      </p>
    </ConfirmPage>
  );
}

function ConfirmDisable({
  pid,
  person,
  disable,
  cancel,
  done,
}: {
  pid: string;
  person: PersonBody;
  disable: boolean;
  cancel: () => void;
  done: (message: string) => void;
}) {
  const { setDisabled } = usePeopleMutations(pid);
  const name = displayName(person);
  return (
    <ConfirmPage
      title={disable ? `Disable ${name}’s account?` : `Re-enable ${name}’s account?`}
      caption="People"
      id="confirm-disable"
      confirmLabel={disable ? 'Disable account' : 'Re-enable account'}
      warning={disable}
      describeError={problemText}
      onCancel={cancel}
      onConfirm={() =>
        setDisabled
          .mutateAsync({ uid: person.id, disabled: disable })
          .then(() =>
            done(disable ? `${name}’s account is disabled.` : `${name}’s account is re-enabled.`),
          )
      }
    >
      {disable ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {name} will be signed out everywhere at once and will not be able to sign in, reset
            their password or use single sign-on until the account is re-enabled.
          </strong>
        </div>
      ) : (
        <p className="govuk-body">
          {name} will be able to sign in again with their password or single sign-on, with the roles
          listed on their page.
        </p>
      )}
    </ConfirmPage>
  );
}
