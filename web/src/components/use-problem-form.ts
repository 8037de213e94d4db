/**
 * The one form hook: react-hook-form validated by a shared zod schema, and a
 * server's `application/problem+json` answer mapped onto the same fields.
 * It gives the error summary its list (in the order of the fields), moves
 * focus to it after a failed submit, says when a submit is in flight, and
 * gives the page the errors so its title starts with "Error:". Every form but
 * the standard page uses it (docs/decisions/015-one-way-to-build-a-form.md).
 *
 * @example
 *   const form = useProblemForm({ schema: SignInSchema, defaultValues, onSubmit: (v) => ... });
 *   <Page title="Sign in" {...form.page}>
 *     <form {...form.formProps}>
 *       <TextInput label="Email address" {...form.field('email')} />
 */
import { useCallback, useState, type FormEvent } from 'react';
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type UseFormReturn,
} from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import type { SummaryError } from './error-summary';
import { problemFieldErrors, problemMessage } from './problem';

/** Where a form's messages are shown: to the summary and its page. */
export interface FormErrors {
  errors: SummaryError[];
  focusKey: number;
}

export interface ProblemFormOptions<TIn extends FieldValues, TOut> {
  schema: z.ZodType<TOut, TIn>;
  defaultValues: DefaultValues<TIn>;
  /** Throw (or let the API throw) to show a problem; return normally on success. */
  onSubmit: (values: TOut, form: UseFormReturn<TIn, unknown, TOut>) => unknown;
  /** Where a message that names no field goes (the summary links to it). */
  fallbackField?: Path<TIn>;
  /** Prefix of the controls' ids, so two forms on one page do not clash. */
  idPrefix?: string;
  /**
   * The page's own sentence for some failures (e.g. "Your email address or
   * password is not right"): it replaces the server's messages for that failure.
   */
  describe?: (err: unknown) => string | undefined;
  /** The element a message with no field links to (default: the first field). */
  rootId?: string;
}

/** Every leaf path of a form's values, in order: `name`, `invitations.0.email`... */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return prefix ? [prefix] : [];
}

/** The error at a dotted path of RHF's errors object, with the message of a nested one. */
function errorAt(errors: unknown, path: string): string | undefined {
  const e = path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      errors,
    ) as { message?: unknown } | undefined;
  return typeof e?.message === 'string' ? e.message : undefined;
}

export function useProblemForm<TIn extends FieldValues, TOut = TIn>(
  options: ProblemFormOptions<TIn, TOut>,
) {
  const { schema, defaultValues, fallbackField, idPrefix = '', describe, rootId } = options;
  const form = useForm<TIn, unknown, TOut>({
    resolver: zodResolver(schema as never) as never,
    // The error summary takes focus, not the first field (GOV.UK pattern).
    shouldFocusError: false,
    defaultValues,
  });
  const [focusKey, setFocusKey] = useState(0);
  const idOf = useCallback((name: string) => `${idPrefix}${name.replace(/\./g, '-')}`, [idPrefix]);

  /** Put a failure on the form: field-level messages on their fields, the rest on the fallback. */
  const fail = useCallback(
    (err: unknown, field?: Path<TIn>) => {
      const fields = new Set(leafPaths(form.getValues()));
      // A page's own words for a failure win over the server's field messages.
      const described = typeof err === 'string' ? err : describe?.(err);
      const fieldErrors = described ? [] : problemFieldErrors(err);
      const placed = fieldErrors.filter((e) => fields.has(e.path));
      for (const e of placed)
        form.setError(e.path as Path<TIn>, { type: 'server', message: e.message });
      if (!placed.length || placed.length < fieldErrors.length) {
        const message =
          described ?? fieldErrors.find((e) => !fields.has(e.path))?.message ?? problemMessage(err);
        const target = field ?? fallbackField;
        if (target) form.setError(target, { type: 'server', message });
        else form.setError('root.server', { type: 'server', message });
      }
      setFocusKey((n) => n + 1);
    },
    [form, fallbackField, describe],
  );

  const submit = (ev?: FormEvent) =>
    void form.handleSubmit(
      async (values) => {
        try {
          await options.onSubmit(values, form);
        } catch (err) {
          fail(err);
        }
      },
      () => setFocusKey((n) => n + 1),
    )(ev);

  const { errors, isSubmitting } = form.formState;
  const error = (name: Path<TIn>): string | undefined => errorAt(errors, name);
  // In the order of the fields, as GOV.UK asks.
  const paths = leafPaths(form.getValues());
  const summary: SummaryError[] = paths.flatMap((n) => {
    const message = errorAt(errors, n);
    return message ? [{ field: idOf(n), message }] : [];
  });
  const rootMessage = errors.root?.server?.message;
  if (rootMessage)
    summary.push({ field: rootId ?? (paths[0] ? idOf(paths[0]) : ''), message: rootMessage });

  return {
    form,
    fail,
    submit,
    error,
    idOf,
    submitting: isSubmitting,
    /** Spread onto a control component (TextInput, Select, TextAreaInput). */
    field: (name: Path<TIn>) => ({ id: idOf(name), error: error(name), ...form.register(name) }),
    /** Spread onto `<form>`. */
    formProps: { noValidate: true, onSubmit: submit },
    /** Spread onto `<Page>`: the error summary at the top and "Error:" in the title. */
    page: { errors: summary, focusKey } satisfies FormErrors,
  };
}
