import { STANDARDS } from '@s11/shared';

/** The 8 standards from the shared catalogue. */
export function StandardsOverview() {
  return (
    <>
      <h1 className="govuk-heading-xl">The 8 safeguarding standards</h1>
      <p className="govuk-body-l">
        Section 11 of the Children Act 2004 asks every organisation that works with children to
        check its safeguarding arrangements against these standards.
      </p>
      <ol className="govuk-list">
        {STANDARDS.map((s) => (
          <li key={s.number}>
            <h2 className="govuk-heading-m">
              Standard {s.number}: {s.title}
            </h2>
            <p className="govuk-body app-standard-list__summary">{s.summary}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
