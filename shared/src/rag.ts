import { z } from 'zod';

/**
 * The RAG scale. `not_rated` is a real value: the seeds call it "ungraded"
 * and count it in the roll-up, so it is not the same as "no answer yet"
 * (which is `null` on a standard response).
 */
export const RAG_VALUES = ['green', 'amber', 'red', 'not_rated'] as const;
export const RagSchema = z.enum(RAG_VALUES);
export type Rag = z.infer<typeof RagSchema>;

export interface RagDefinition {
  value: Rag;
  label: string;
  meaning: string;
}

/** Definitions from DOMAIN.md; the label is always written beside any colour. */
export const RAG_SCALE: Record<Rag, RagDefinition> = {
  green: { value: 'green', label: 'Green', meaning: 'The standard is fully met and evidenced.' },
  amber: {
    value: 'amber',
    label: 'Amber',
    meaning: 'The standard is partly met; actions are planned or under way.',
  },
  red: {
    value: 'red',
    label: 'Red',
    meaning: 'The standard is not met; immediate action is needed.',
  },
  not_rated: {
    value: 'not_rated',
    label: 'Not rated',
    meaning: 'No rating was given (the annual report calls this "ungraded").',
  },
};

export function ragLabel(rag: Rag | null | undefined): string {
  return rag ? RAG_SCALE[rag].label : 'Not answered';
}
