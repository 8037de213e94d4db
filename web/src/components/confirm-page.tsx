/**
 * GOV.UK's "are you sure" step, one way for every page: the question as the
 * page's heading, what will happen (children), the one button that does it
 * and a Cancel that does nothing. A refusal from the server goes into the
 * error summary at the top (focused, "Error:" in the title), and the button
 * is held while the request is on its way, so a double press sends once.
 *
 * @example
 *   <ConfirmPage title="Revoke the invitation to jo@example.org?" id="confirm-revoke"
 *     confirmLabel="Revoke invitation" warning onCancel={back}
 *     onConfirm={() => revoke.mutateAsync(id).then(() => done('Revoked.'))}>
 *     <p className="govuk-body">The link in the email will stop working.</p>
 *   </ConfirmPage>
 */
import { useState, type ReactNode } from 'react';
import { Page } from './page';
import { problemMessage } from './problem';

export function ConfirmPage({
  title,
  caption,
  id,
  confirmLabel,
  warning = false,
  onConfirm,
  onCancel,
  describeError = problemMessage,
  children,
}: {
  /** The question, e.g. "Disable Jo Park’s account?" */
  title: string;
  caption?: string;
  /** The confirm button's id: the error summary's link goes to it. */
  id: string;
  confirmLabel: string;
  /** A red button, for a step that takes something away. */
  warning?: boolean;
  /** Does it; rejects with the server's refusal. */
  onConfirm: () => Promise<unknown>;
  onCancel: () => void;
  describeError?: (err: unknown) => string;
  children?: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [tries, setTries] = useState(0);
  const confirm = () => {
    setPending(true);
    onConfirm()
      .then(() => setError(null))
      .catch((err: unknown) => {
        setError(describeError(err));
        setTries((n) => n + 1);
      })
      .finally(() => setPending(false));
  };
  return (
    <Page
      title={title}
      caption={caption}
      errors={error ? [{ field: id, message: error }] : []}
      focusKey={tries}
    >
      {children}
      <div className="govuk-button-group">
        <button
          type="button"
          id={id}
          className={`govuk-button${warning ? ' govuk-button--warning' : ''}`}
          disabled={pending}
          onClick={confirm}
        >
          {confirmLabel}
        </button>
        <button type="button" className="govuk-link app-link-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Page>
  );
}
