import { RAG_SCALE, type Rag, type Standard } from '@s11/shared';
import { Radios } from '../../components/radios';

/** The full form's RAG self-rating, with what each rating means for this standard (the light form has its own: standard-page.tsx). */
export function RatingField({
  standard,
  value,
  onChange,
  error,
  disabled,
}: {
  standard: Standard;
  value: Rag | null;
  onChange: (r: Rag) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const hint = (r: 'green' | 'amber' | 'red') =>
    `${RAG_SCALE[r].meaning} For this standard: ${standard.ragGuide[r]}`;
  return (
    <Radios<Rag>
      id="rag"
      legend="How would you rate your organisation on this standard?"
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
