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

/**
 * A control's hint and error message, in GOV.UK's order, with the ids that
 * `describedBy` names: one place for every control and group.
 */
export function HintAndError({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <FieldError id={id} message={error} />
    </>
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
    <div className={groupClass(error, className)}>
      <label
        className={`govuk-label${labelSize === 'regular' ? '' : ` govuk-label--${labelSize}`}`}
        htmlFor={id}
      >
        {label}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

type Control<E> = FieldProps & { ref?: Ref<E> | undefined; inputClassName?: string };

/** The GOV.UK group class: `govuk-form-group`, with its error state and any extra class. */
export function groupClass(error: unknown, className?: string) {
  return `govuk-form-group${error ? ' govuk-form-group--error' : ''}${className ? ` ${className}` : ''}`;
}

/**
 * Splits a control's props into the Field's (label, hint, error...) and the
 * element's own, and gives the element its GOV.UK class (`govuk-input`,
 * `govuk-input--error`...), its id and its ARIA: one place for what every
 * control (input, select, text area, character count) repeated.
 */
export function splitControl<P extends FieldProps & { inputClassName?: string | undefined }>(
  kind: 'input' | 'select' | 'textarea',
  props: P,
  ...describedByMore: string[]
) {
  const { id, label, hint, error, labelSize, className, inputClassName, ...rest } = props;
  return {
    field: { id, label, hint, error, labelSize, className },
    control: {
      className: `govuk-${kind}${inputClassName ? ` ${inputClassName}` : ''}${error ? ` govuk-${kind}--error` : ''}`,
      id,
      'aria-describedby': describedBy(id, hint, error, ...describedByMore),
      'aria-invalid': error ? true : undefined,
    },
    rest,
  };
}

/** A text input (`type` text, email, password, date, number...). */
export function TextInput(
  props: Control<HTMLInputElement> & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>,
) {
  const { field, control, rest } = splitControl('input', props);
  return (
    <Field {...field}>
      <input {...control} {...rest} />
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A select with its options. */
export function Select(
  props: Control<HTMLSelectElement> & {
    options: readonly SelectOption[];
  } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>,
) {
  const {
    field,
    control,
    rest: { options, ...rest },
  } = splitControl('select', props);
  return (
    <Field {...field}>
      <select {...control} {...rest}>
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
export function TextAreaInput(
  props: Control<HTMLTextAreaElement> & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>,
) {
  const { field, control, rest } = splitControl('textarea', props);
  return (
    <Field {...field}>
      <textarea {...control} {...rest} />
    </Field>
  );
}

/**
 * One checkbox that must be ticked (a declaration): its error above it, the
 * label beside it, in a form group so the error styling reaches the margin.
 */
export function Checkbox({
  id,
  label,
  hint,
  error,
  className,
  ...input
}: Omit<FieldProps, 'labelSize'> & {
  ref?: Ref<HTMLInputElement> | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'>) {
  return (
    <div className={groupClass(error, className)}>
      <HintAndError id={id} hint={hint} error={error} />
      <div className="govuk-checkboxes" data-module="govuk-checkboxes">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={id}
            type="checkbox"
            aria-describedby={describedBy(id, hint, error)}
            aria-invalid={error ? true : undefined}
            {...input}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
        </div>
      </div>
    </div>
  );
}
