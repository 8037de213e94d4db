import { useState } from 'react';
import { fieldLabel, fieldValueText } from '@s11/shared';
import { offline, type LocalConflict } from '../../offline';

/** Both versions side by side; the user keeps one or writes a merged text. Neither is lost before they choose. */
export function ConflictPanel({
  conflicts,
  readOnly = false,
}: {
  conflicts: LocalConflict[];
  /** The return cannot be changed now: a choice would be refused, so none can be made. */
  readOnly?: boolean;
}) {
  if (!conflicts.length) return null;
  return (
    <div className="app-conflicts" data-testid="conflicts">
      <h2 className="govuk-heading-m">Someone else changed this too</h2>
      <p className="govuk-body">Choose which version to keep, or write one that combines them.</p>
      {conflicts.map((c) => (
        <ConflictRow key={c.id} c={c} readOnly={readOnly} />
      ))}
    </div>
  );
}

function ConflictRow({ c, readOnly }: { c: LocalConflict; readOnly: boolean }) {
  const text = typeof c.yourValue === 'string' && typeof c.serverValue === 'string';
  const [merged, setMerged] = useState(
    text ? `${String(c.yourValue)}\n${String(c.serverValue)}` : '',
  );
  const name = fieldLabel(c.field);
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">{name}</h3>
      </div>
      <div className="govuk-summary-card__content">
        <div className="app-conflict-grid">
          <div>
            <h4 className="govuk-heading-s">Your version</h4>
            <p className="govuk-body app-pre">{fieldValueText(c.field, c.yourValue)}</p>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={readOnly}
              onClick={() => void offline.resolveConflict(c.id, c.yourValue)}
            >
              Keep your version
            </button>
          </div>
          <div>
            <h4 className="govuk-heading-s">The other version</h4>
            <p className="govuk-body app-pre">{fieldValueText(c.field, c.serverValue)}</p>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={readOnly}
              onClick={() => void offline.resolveConflict(c.id, c.serverValue)}
            >
              Keep the other version
            </button>
          </div>
        </div>
        {text ? (
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor={`merge-${c.id}`}>
              Or combine them
            </label>
            <textarea
              className="govuk-textarea"
              id={`merge-${c.id}`}
              rows={4}
              value={merged}
              readOnly={readOnly}
              onChange={(e) => setMerged(e.target.value)}
            />
            <button
              type="button"
              className="govuk-button"
              disabled={readOnly}
              onClick={() => void offline.resolveConflict(c.id, merged)}
            >
              Keep the combined version
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
