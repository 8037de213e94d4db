/**
 * Health probes (`/api/health`, `/live`, `/ready`): what each answers.
 */
import { z } from 'zod';

export const DatabaseKindSchema = z.enum(['pglite', 'postgres']);

export const HealthSchema = z.strictObject({
  /** `unavailable` (with a 503) when the database does not answer. */
  status: z.enum(['ok', 'unavailable']),
  database: DatabaseKindSchema,
});
export type Health = z.infer<typeof HealthSchema>;

export const LivenessSchema = z.strictObject({ status: z.literal('ok') });
export type Liveness = z.infer<typeof LivenessSchema>;

export const ReadinessSchema = z.strictObject({
  /** 200 only when `ready`; the others come with a 503 and Retry-After. */
  status: z.enum(['ready', 'not ready', 'database unavailable']),
});
export type Readiness = z.infer<typeof ReadinessSchema>;
