/**
 * Length limits for every free-text field. One home, so the browser's
 * character counts, the zod schemas and the database agree.
 */
export const LIMITS = {
  /** Names of people, organisations, cycles, partnerships. */
  name: 200,
  email: 254,
  jobTitle: 200,
  /** Long answers in the full form (current practice, evidence, gaps). */
  longText: 10_000,
  /** Light-form notes, action text, moderation comments, reasons. */
  note: 2_000,
  shortText: 500,
  password: { min: 12, max: 128 },
  /** How many action rows a single standard may carry. */
  actionsPerStandard: 50,
  /** How many mutations one push may carry. */
  pushBatch: 200,
  /**
   * Calendar dates (cycle opening and due dates, action due dates): a sane
   * range that every database and date library holds. ISO strings compare in
   * date order.
   */
  dates: { earliest: '1900-01-01', latest: '2199-12-31' },
} as const;
