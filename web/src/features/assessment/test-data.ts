import { EMPTY_STANDARD_FIELDS, type StandardFields } from '@s11/shared';

/** A full-form standard, complete (Green, marked done) or only started. */
export function generateStandardForTest(complete: boolean): StandardFields {
  return complete
    ? {
        ...EMPTY_STANDARD_FIELDS,
        currentPractice: 'A named board lead',
        evidence: 'Board minutes',
        rag: 'green',
        completed: true,
      }
    : { ...EMPTY_STANDARD_FIELDS, currentPractice: 'Started' };
}
