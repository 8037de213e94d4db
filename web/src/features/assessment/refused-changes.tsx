/**
 * Changes this device could not get saved on the server: refused (a 4xx the
 * user must act on) or met too many server errors in a row. Never dropped
 * and never retried silently for ever: each is shown with its content, which
 * the user can copy or download, and sent again at their word.
 */
import { useState } from 'react';
import { STANDARDS, type Mutation } from '@s11/shared';
import { offline, useRefusedChanges } from '../../offline';

type Entry = NonNullable<ReturnType<typeof useRefusedChanges>>[number];

function what(m: Mutation): string {
  switch (m.kind) {
    case 'standard': {
      const s = STANDARDS.find((x) => x.number === m.standard);
      return `Standard ${String(m.standard)}${s ? `: ${s.title}` : ''}`;
    }
    case 'action':
      return 'An action in your action plan';
    case 'action_delete':
      return 'Removing an action from your action plan';
    case 'submit':
      return 'Sending the return to the partnership';
  }
}

/** The change as plain text: what a person would paste back or keep. */
export function changeText(m: Mutation): string {
  const lines = [what(m)];
  const fields: Record<string, unknown> =
    m.kind === 'standard' || m.kind === 'action' ? m.changes : m.kind === 'submit' ? m.signOff : {};
  for (const [k, v] of Object.entries(fields))
    lines.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return lines.join('\n');
}

function reason(e: Entry): string {
  if (e.problem && e.problem.status >= 500)
    return `The server could not save it (${String(e.serverErrors ?? 0)} tries).`;
  return e.problem?.detail ?? e.problem?.title ?? 'The server refused it.';
}

function download(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function RefusedChange({ entry }: { entry: Entry }) {
  const [said, setSaid] = useState<string | null>(null);
  const text = changeText(entry.mutation);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied.');
    } catch {
      setSaid('This browser did not allow copying: use Download instead.');
    }
  };
  const retry = async () => {
    await offline.retryChange(entry.seq ?? -1);
    setSaid('Sending again.');
  };
  return (
    <li className="app-refused-change" data-testid="refused-change">
      <h3 className="govuk-heading-s">{what(entry.mutation)}</h3>
      <p className="govuk-body">{reason(entry)}</p>
      <pre className="app-refused-change__content" tabIndex={0}>
        {text}
      </pre>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" onClick={() => void retry()}>
          Try again
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => void copy()}
        >
          Copy
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => download(text, `unsaved-change-${entry.mutationId.slice(0, 8)}.txt`)}
        >
          Download
        </button>
      </div>
      <p className="govuk-body-s" role="status">
        {said}
      </p>
    </li>
  );
}

export function RefusedChanges({ returnId }: { returnId: string }) {
  const all = useRefusedChanges();
  const entries = (all ?? []).filter((e) => e.returnId === returnId);
  if (entries.length === 0) return null;
  return (
    <section className="govuk-error-summary" aria-labelledby="refused-title" tabIndex={-1}>
      <h2 className="govuk-error-summary__title" id="refused-title">
        {entries.length === 1
          ? 'A change could not be saved on the server'
          : `${String(entries.length)} changes could not be saved on the server`}
      </h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">
          They are kept on this device. Copy or download them to keep them safe, and try again.
        </p>
        <ul className="govuk-list">
          {entries.map((e) => (
            <RefusedChange key={e.seq ?? e.mutationId} entry={e} />
          ))}
        </ul>
      </div>
    </section>
  );
}
