/**
 * How an email's delivery reads to a manager (invitations, reminders): the
 * `delivery` field of the API (MailDeliverySchema in @s11/shared).
 */
import type { MailDelivery } from '@s11/shared';

const TAG: Record<MailDelivery['state'], string> = {
  queued: 'govuk-tag--blue',
  sent: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  disabled: 'govuk-tag--grey',
};

const LABEL: Record<MailDelivery['state'], string> = {
  queued: 'Email queued',
  sent: 'Email sent',
  failed: 'Email failed',
  disabled: 'No email sent',
};

/** One line: the state, and for a retry or failure the attempts and the reason. */
export function deliveryText(d: MailDelivery): string {
  const tries = d.attempts > 0 ? `${String(d.attempts)} attempt${d.attempts === 1 ? '' : 's'}` : '';
  if (d.state === 'failed') return `Email failed after ${tries}${d.error ? `: ${d.error}` : ''}`;
  if (d.state === 'queued' && d.error) return `Email queued, will retry (${tries}: ${d.error})`;
  return LABEL[d.state];
}

export function DeliveryTag({ delivery }: { delivery: MailDelivery }) {
  return (
    <strong className={`govuk-tag ${TAG[delivery.state]}`} data-testid="delivery">
      {deliveryText(delivery)}
    </strong>
  );
}
