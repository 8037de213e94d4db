import { useState } from 'react';
import { send, type ExportFile } from '../../offline';

const FILES: { file: ExportFile; label: string }[] = [
  { file: 'report.pdf', label: 'Compliance summary for the board (PDF)' },
  {
    file: 'workbook.xlsx',
    label: 'Workbook: summary, sectors, standards, returns, actions (Excel)',
  },
  { file: 'summary.csv', label: 'Roll-up figures (CSV)' },
  { file: 'returns.csv', label: 'Every return (CSV)' },
  { file: 'actions.csv', label: 'Open actions (CSV)' },
];

/** Downloads with progress; the rest of the console stays usable meanwhile. */
export function Exports({ cycleId }: { cycleId: string }) {
  const [state, setState] = useState<Record<string, string>>({});
  const download = async (file: ExportFile) => {
    setState((s) => ({ ...s, [file]: 'Preparing...' }));
    try {
      const { blob, filename } = await send('cycles.export', {
        cycleId,
        file,
        onProgress: (bytes) =>
          setState((s) => ({
            ...s,
            [file]: `Downloading... ${String(Math.round(bytes / 1024))} KB`,
          })),
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState((s) => ({ ...s, [file]: `Downloaded ${filename}` }));
    } catch {
      setState((s) => ({
        ...s,
        [file]: 'The download failed. Check your connection and try again.',
      }));
    }
  };
  return (
    <>
      <h2 className="govuk-heading-m">Exports</h2>
      <ul className="govuk-list">
        {FILES.map((f) => (
          <li key={f.file}>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
              onClick={() => void download(f.file)}
            >
              {f.label}
            </button>
            {state[f.file] ? (
              <p className="govuk-body-s" role="status">
                {state[f.file]}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
