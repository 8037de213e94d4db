import type { ServiceInfo } from '@s11/shared';

/** "Anytown Safeguarding Children Partnership", or a plain stand-in when the operator has not said. */
export function ownerOf(info: ServiceInfo | null | undefined): string {
  return info?.ownerName ?? 'the safeguarding children partnership that invited you';
}

/**
 * How to reach the people who run the service: their address as a link, or,
 * where this server has none set, to ask the partnership that invited you.
 */
export function ContactLine({
  info,
  purpose,
}: {
  info: ServiceInfo | null | undefined;
  /** What the email is for, e.g. "to report an accessibility problem". */
  purpose: string;
}) {
  if (info === undefined) return <p className="govuk-body">Finding the contact details...</p>;
  if (!info?.contactEmail)
    return (
      <p className="govuk-body">
        Contact the safeguarding children partnership that invited you {purpose}: their email
        address is in your invitation.
      </p>
    );
  return (
    <p className="govuk-body">
      Email{' '}
      <a className="govuk-link" href={`mailto:${info.contactEmail}`}>
        {info.contactEmail}
      </a>{' '}
      {purpose}.
    </p>
  );
}
