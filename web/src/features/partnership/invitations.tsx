/**
 * Invitations (managers): every invitation the partnership sent, its state
 * (pending, accepted, expired, revoked, replaced), its email's delivery
 * (the mail outbox, shown by delivery.tsx),
 * and resend / revoke. Revoking asks for confirmation first.
 */
import { useState } from 'react';
import { ROLE_LABELS, formatDateTime } from '@s11/shared';
import { ConfirmPage } from '../../components/confirm-page';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { problemMessage } from '../../components/problem';
import { Link } from '../../components/router';
import { Table } from '../../components/table';
import { DeliveryTag } from './delivery';
import {
  useInvitations,
  usePeopleMutations,
  type InvitationRow,
  type InvitationState,
} from './people-data';

const STATE: Record<InvitationState, { label: string; tag: string }> = {
  pending: { label: 'Pending', tag: 'govuk-tag--blue' },
  accepted: { label: 'Accepted', tag: 'govuk-tag--green' },
  expired: { label: 'Expired', tag: 'govuk-tag--yellow' },
  revoked: { label: 'Revoked', tag: 'govuk-tag--grey' },
  replaced: { label: 'Replaced by a newer invitation', tag: 'govuk-tag--grey' },
};

const FILTERS: { value: InvitationState | 'all'; label: string }[] = [
  { value: 'all', label: 'All invitations' },
  { value: 'pending', label: 'Pending' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked or replaced' },
];

/** A link that can still be used or sent again. */
const isOpen = (i: InvitationRow) => i.state === 'pending' || i.state === 'expired';

export function Invitations({ pid }: { pid: string }) {
  const invitations = useInvitations(pid);
  const [show, setShow] = useState<InvitationState | 'all'>('all');
  const [revoking, setRevoking] = useState<InvitationRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { resend } = usePeopleMutations(pid);
  const [tries, setTries] = useState(0);
  if (revoking)
    return (
      <ConfirmRevoke
        pid={pid}
        invitation={revoking}
        cancel={() => setRevoking(null)}
        done={(message) => {
          setRevoking(null);
          setDone(message);
        }}
      />
    );
  const rows = (invitations.data ?? []).filter(
    (i) => show === 'all' || i.state === show || (show === 'revoked' && i.state === 'replaced'),
  );
  const resendError = resend.isError ? problemMessage(resend.error) : null;
  return (
    <Page title="Invitations">
      <ErrorSummary
        errors={resendError ? [{ field: 'invitations', message: resendError }] : []}
        focusKey={tries}
      />
      {done ? (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="invitations-done-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="invitations-done-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{done}</p>
          </div>
        </div>
      ) : null}
      <p className="govuk-body">
        A link in an invitation works once, for 14 days. Sending it again makes a new link and the
        old one stops working. To invite someone, go to{' '}
        <Link className="govuk-link" to="/partnership/organisations">
          Organisations
        </Link>
        .
      </p>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="invitations-show">
          Show
        </label>
        <select
          className="govuk-select"
          id="invitations-show"
          value={show}
          onChange={(e) => setShow(e.target.value as InvitationState | 'all')}
        >
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <Table
        caption={
          invitations.isPending ? 'Loading invitations...' : `${String(rows.length)} invitations`
        }
        id="invitations"
        testId="invitations"
        focusable
        busy={invitations.isFetching}
        rows={rows}
        rowKey={(i) => i.id}
        columns={[
          { header: 'Person', cell: (i) => (i.name ? `${i.name} (${i.email})` : i.email) },
          {
            header: 'Role',
            cell: (i) =>
              `${ROLE_LABELS[i.role]}${i.organisationName ? `, ${i.organisationName}` : ''}`,
          },
          {
            header: 'State',
            cell: (i) => (
              <strong className={`govuk-tag ${STATE[i.state].tag}`}>{STATE[i.state].label}</strong>
            ),
          },
          { header: 'Email delivery', cell: (i) => <DeliveryTag delivery={i.delivery} /> },
          { header: 'Sent', cell: (i) => formatDateTime(i.createdAt) },
          {
            header: 'Link expires',
            cell: (i) => (isOpen(i) ? formatDateTime(i.expiresAt) : ''),
          },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (i) =>
              isOpen(i) ? (
                <>
                  <button
                    type="button"
                    className="govuk-link app-link-button"
                    disabled={resend.isPending}
                    onClick={() => {
                      setDone(null);
                      resend.mutate(i.id, {
                        onSuccess: () =>
                          setDone(`Invitation sent again to ${i.email} with a new link.`),
                        onError: () => setTries((n) => n + 1),
                      });
                    }}
                  >
                    Send again<span className="govuk-visually-hidden"> to {i.email}</span>
                  </button>{' '}
                  <button
                    type="button"
                    className="govuk-link app-link-button"
                    onClick={() => {
                      setDone(null);
                      setRevoking(i);
                    }}
                  >
                    Revoke
                    <span className="govuk-visually-hidden"> invitation to {i.email}</span>
                  </button>
                </>
              ) : null,
          },
        ]}
      />
    </Page>
  );
}

function ConfirmRevoke({
  pid,
  invitation,
  cancel,
  done,
}: {
  pid: string;
  invitation: InvitationRow;
  cancel: () => void;
  done: (message: string) => void;
}) {
  const { revoke } = usePeopleMutations(pid);
  return (
    <ConfirmPage
      title={`Revoke the invitation to ${invitation.email}?`}
      caption="Invitations"
      id="confirm-revoke"
      confirmLabel="Revoke invitation"
      warning
      onCancel={cancel}
      onConfirm={() =>
        revoke
          .mutateAsync(invitation.id)
          .then(() => done(`The invitation to ${invitation.email} is revoked.`))
      }
    >
      <p className="govuk-body">
        The link in the email will stop working. {invitation.name || invitation.email} will not be
        given {ROLE_LABELS[invitation.role].toLowerCase()} access
        {invitation.organisationName ? ` at ${invitation.organisationName}` : ''} unless you invite
        them again.
      </p>
    </ConfirmPage>
  );
}
