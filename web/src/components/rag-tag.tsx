import { RAG_SCALE, type Rag } from '@s11/shared';

const TAG_CLASS: Record<Rag, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--yellow',
  red: 'govuk-tag--red',
  not_rated: 'govuk-tag--grey',
};

/** A RAG rating: the label is always written, so colour is never the only signal. */
export function RagTag({ rag }: { rag: Rag | null | undefined }) {
  if (!rag) return <strong className="govuk-tag govuk-tag--grey">Not answered</strong>;
  return <strong className={`govuk-tag ${TAG_CLASS[rag]}`}>{RAG_SCALE[rag].label}</strong>;
}
