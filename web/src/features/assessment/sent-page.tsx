/**
 * The confirmation page after a signatory sends the return (GOV.UK's
 * confirmation page pattern): plainly whether it has reached the partnership,
 * a reference to quote, the date, what happens next, and on a shared tablet
 * a reminder to sign out.
 */
import { useEffect, useRef } from 'react';
import { hasArrived, formatDate } from '@s11/shared';
import { Page } from '../../components/page';
import { Link } from '../../components/router';
import { useReturnData } from './use-return-data';

/**
 * A short reference a person can read out on the phone to the partnership:
 * the start of the return's id, which the partnership's console shows in the
 * return's address, so the two can be matched.
 */
export function returnReference(returnId: string): string {
  const hex = returnId.replace(/-/g, '').slice(0, 8).toUpperCase();
  return `S11-${hex.slice(0, 4)}-${hex.slice(4)}`;
}

export function SentPage({ returnId }: { returnId: string }) {
  const { ret } = useReturnData(returnId);
  if (!ret) return <p className="govuk-body">Loading...</p>;
  const arrived = hasArrived(ret.status);
  const reference = returnReference(returnId);
  const sentOn = ret.signOff ? formatDate(ret.signOff.signedAt) : null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {arrived ? (
          <SentPanel reference={reference} />
        ) : (
          <Page title="Your return will be sent when you are back online">
            <p className="govuk-body" data-testid="queued-submission">
              It is signed off and saved on this device. Keep this device and open S11 Portal when
              you have a connection; it will be sent automatically.
            </p>
            <p className="govuk-body">
              Your reference is <strong data-testid="return-reference">{reference}</strong>.
            </p>
          </Page>
        )}
        {arrived ? (
          <p className="govuk-body">
            {ret.organisation?.name ?? 'Your organisation'}’s Section 11 return
            {ret.cycle ? ` for ${ret.cycle.name}` : ''} has reached your safeguarding partnership
            {sentOn ? `. It was signed off on ${sentOn}` : ''}.
          </p>
        ) : null}
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          Your partnership will read your return and may review (moderate) your ratings. Their
          ratings and any comments will appear on your return in S11 Portal; you do not need to do
          anything until then. If they need something changed, they will send the return back to you
          with a message.
        </p>
        <p className="govuk-body">
          Keep working on your action plan: the actions and dates you set are part of what the
          partnership follows up.
        </p>
        <p className="govuk-body">
          <Link to={`/returns/${returnId}`} className="govuk-link">
            View or print your return
          </Link>
        </p>
        <div className="govuk-inset-text" data-testid="shared-device-reminder">
          If other people use this device, sign out when you have finished (the link is at the top
          of the page). Your answers stay safe with the partnership.
        </div>
      </div>
    </div>
  );
}

/** The green panel: its heading is the page's title and takes focus on arrival, as Page's does. */
function SentPanel({ reference }: { reference: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = 'Return sent - S11 Portal';
    ref.current?.focus();
  }, []);
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title" tabIndex={-1} ref={ref}>
        Return sent
      </h1>
      <div className="govuk-panel__body">
        Your reference
        <br />
        <strong data-testid="return-reference">{reference}</strong>
      </div>
    </div>
  );
}
