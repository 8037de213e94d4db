import { HintAndError, describedBy, groupClass } from './field';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** A GOV.UK radios fieldset. The first input carries `id`, so error links can focus it. */
export function Radios<T extends string>({
  id,
  legend,
  hint,
  options,
  value,
  onChange,
  error,
  inline,
  small,
  disabled,
}: {
  id: string;
  legend: string;
  hint?: string;
  options: RadioOption<T>[];
  value: T | null | undefined;
  onChange: (v: T) => void;
  error?: string | undefined;
  inline?: boolean;
  small?: boolean;
  /** Where nothing may be changed (a submitted return, a read-only role): nothing can be chosen. */
  disabled?: boolean | undefined;
}) {
  return (
    <div className={groupClass(error)}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <HintAndError id={id} hint={hint} error={error} />
        <div
          className={`govuk-radios${inline ? ' govuk-radios--inline' : ''}${small ? ' govuk-radios--small' : ''}`}
        >
          {options.map((o, i) => {
            const inputId = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input
                  className="govuk-radios__input"
                  id={inputId}
                  name={id}
                  type="radio"
                  value={o.value}
                  checked={value === o.value}
                  disabled={disabled}
                  onChange={() => {
                    if (!disabled) onChange(o.value);
                  }}
                  aria-describedby={o.hint ? `${inputId}-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={inputId}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div id={`${inputId}-hint`} className="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
