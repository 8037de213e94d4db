import { memo, useId, type ChangeEvent } from 'react';
import { Field, splitControl } from './field';

/**
 * A labelled text area with the GOV.UK character count. Memoised: typing in
 * one answer re-renders that answer only, not its neighbours (figure 3 in
 * docs/benchmarks.md measures the cost of a keystroke).
 */
export const TextArea = memo(function TextArea({
  id,
  label,
  hint,
  value,
  onChange,
  maxLength,
  rows = 6,
  error,
  readOnly,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  rows?: number;
  error?: string | undefined;
  readOnly?: boolean;
}) {
  const countId = useId();
  const left = maxLength - value.length;
  const { field, control } = splitControl(
    'textarea',
    {
      id,
      label,
      hint,
      error,
      className: 'govuk-character-count',
      inputClassName: 'govuk-js-character-count',
    },
    countId,
  );
  return (
    <Field {...field}>
      <textarea
        {...control}
        name={id}
        rows={rows}
        value={value}
        readOnly={readOnly}
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) =>
          onChange(e.target.value.slice(0, maxLength))
        }
      />
      <div
        id={countId}
        className={`govuk-hint govuk-character-count__message${left < 0 ? ' govuk-error-message' : ''}`}
        aria-live="polite"
      >
        {left >= 0
          ? `You have ${String(left)} characters remaining`
          : `You have ${String(-left)} characters too many`}
      </div>
    </Field>
  );
});
