/**
 * GOV.UK's success notification banner: what just happened, said at the top
 * of the page and announced (role="alert"), e.g. "Return accepted".
 */
export function SuccessBanner({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby={`${id}-title`}
      data-testid={id}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={`${id}-title`}>
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}
