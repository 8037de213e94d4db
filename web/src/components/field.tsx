/**
 * One GOV.UK form field: label (with the context a screen-reader user needs,
 * e.g. "Email address for invitation 2"), hint, error message and the control,
 * with `aria-describedby` pointing at the hint and the error. Every form in
 * the app builds its inputs from these (see docs/decisions/015-one-way-to-build-a-form.md).
 */
import type {
  InputHTMLAttributes,
  ReactNode,
  Ref,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { FieldError } from './error-summary';

export interface FieldProps {
  /** The control's id: the label's `for`, the error summary's link target. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** `s` (default) makes the label bold; `m`/`l` for a page whose heading is the label. */
  labelSize?: 's' | 'm' | 'l' | 'regular';
  className?: string | undefined;
}

/** The ids a control should be described by (hint first, then the error), or undefined. */
export function describedBy(id: string, hint: unknown, error: unknown, ...more: string[]) {
  return (
    [hint ? `${id}-hint` : '', error ? `${id}-error` : '', ...more].filter(Boolean).join(' ') ||
    undefined
  );
}

/** The form group around a control: label, hint, error. `children` is the control itself. */
export function Field({
  id,
  label,
  hint,
  error,
  labelSize = 's',
  className,
  children,
}: FieldProps & { children: ReactNode }) {
  return (
    <div
      className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}${className ? ` ${className}` : ''}`}
    >
      <label
        className={`govuk-label${labelSize === 'regular' ? '' : ` govuk-label--${labelSize}`}`}
        htmlFor={id}
      >
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <FieldError id={id} message={error} />
      {children}
    </div>
  );
}

type Control<E> = FieldProps & { ref?: Ref<E> | undefined; inputClassName?: string };

/** A text input (`type` text, email, password, date, number...). */
export function TextInput({
  id,
  label,
  hint,
  error,
  labelSize,
  className,
  inputClassName,
  ...input
}: Control<HTMLInputElement> & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <Field {...{ id, label, hint, error, labelSize, className }}>
      <input
        className={`govuk-input${inputClassName ? ` ${inputClassName}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A select with its options. */
export function Select({
  id,
  label,
  hint,
  error,
  labelSize,
  className,
  inputClassName,
  options,
  ...select
}: Control<HTMLSelectElement> & {
  options: readonly SelectOption[];
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  return (
    <Field {...{ id, label, hint, error, labelSize, className }}>
      <select
        className={`govuk-select${inputClassName ? ` ${inputClassName}` : ''}${error ? ' govuk-select--error' : ''}`}
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A plain text area (the standard page's long answers use TextArea, with a character count). */
export function TextAreaInput({
  id,
  label,
  hint,
  error,
  labelSize,
  className,
  inputClassName,
  ...textarea
}: Control<HTMLTextAreaElement> & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  return (
    <Field {...{ id, label, hint, error, labelSize, className }}>
      <textarea
        className={`govuk-textarea${inputClassName ? ` ${inputClassName}` : ''}${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...textarea}
      />
    </Field>
  );
}
