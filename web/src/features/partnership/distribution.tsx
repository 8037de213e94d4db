import { RAG_SCALE, RAG_VALUES, type Distribution, type Rag } from '@s11/shared';
import type { Column } from '../../components/table';

const FILL: Record<Rag, string> = {
  green: '#00703c',
  amber: '#ffdd00',
  red: '#d4351c',
  not_rated: '#b1b4b6',
};

/**
 * A RAG distribution as a bar with its numbers written beside it: colour is
 * never the only signal, and screen readers get the text.
 */
export function DistributionBar({
  d,
  label,
  showLabel = false,
}: {
  d: Distribution;
  label: string;
  /** Say the label on screen too (where two bars stand together, as in the grid's cells). */
  showLabel?: boolean;
}) {
  const text = RAG_VALUES.filter((r) => d.counts[r] > 0)
    .map((r) => `${RAG_SCALE[r].label} ${d.percent[r].toFixed(1)}% (${String(d.counts[r])})`)
    .join(', ');
  return (
    <div className="app-dist">
      {showLabel ? (
        <span className="govuk-body-s app-dist__label" aria-hidden="true">
          {label}
        </span>
      ) : null}
      <div className="app-dist__bar" aria-hidden="true">
        {RAG_VALUES.map((r) =>
          d.counts[r] > 0 ? (
            <span key={r} style={{ width: `${String(d.percent[r])}%`, background: FILL[r] }} />
          ) : null,
        )}
      </div>
      <span className="govuk-body-s app-dist__text">
        <span className="govuk-visually-hidden">{label}: </span>
        {d.total === 0 ? 'No ratings yet' : text}
      </span>
    </div>
  );
}

/** One numeric column per rating (percentage and count), for a Table of distributions. */
export function distributionColumns<R>(of: (row: R) => Distribution | undefined): Column<R>[] {
  return RAG_VALUES.map((r) => ({
    header: RAG_SCALE[r].label,
    numeric: true,
    cell: (row: R) => {
      const d = of(row);
      return d ? `${d.percent[r].toFixed(1)}% (${String(d.counts[r])})` : '';
    },
  }));
}
