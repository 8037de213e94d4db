import { RAG_SCALE, type Rag, type Standard } from '@s11/shared';
import { Radios } from '../../components/radios';

/** The RAG self-rating, with what each rating means for this standard. */
export function RatingField({
  standard,
  value,
  onChange,
  error,
  suggested,
  disabled,
}: {
  standard: Standard;
  value: Rag | null;
  onChange: (r: Rag) => void;
  error?: string | undefined;
  suggested?: Rag | null;
  disabled?: boolean;
}) {
  const hint = (r: 'green' | 'amber' | 'red') =>
    `${RAG_SCALE[r].meaning} For this standard: ${standard.ragGuide[r]}`;
  return (
    <Radios<Rag>
      id="rag"
      legend={
        suggested
          ? `Your rating (we suggest ${RAG_SCALE[suggested].label})`
          : 'How would you rate your organisation on this standard?'
      }
      value={value}
      onChange={onChange}
      error={error}
      disabled={disabled}
      options={[
        { value: 'green', label: 'Green', hint: hint('green') },
        { value: 'amber', label: 'Amber', hint: hint('amber') },
        { value: 'red', label: 'Red', hint: hint('red') },
        {
          value: 'not_rated',
          label: 'Not rated',
          hint: 'You cannot give a rating yet. Say why below.',
        },
      ]}
    />
  );
}
