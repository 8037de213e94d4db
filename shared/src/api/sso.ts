/**
 * Single sign-on (OpenID Connect), under `/api/auth/oidc` (server/src/routes/
 * sso.ts). Only the first route answers JSON; `start` and `callback` send the
 * browser on with a redirect, and a refusal sends it back to
 * `/sign-in?sso=<reason>`.
 */
import { z } from 'zod';

/** Whether single sign-on is configured, and the provider's name for the button. */
export const SsoStatusSchema = z.discriminatedUnion('enabled', [
  z.strictObject({ enabled: z.literal(true), displayName: z.string() }),
  z.strictObject({ enabled: z.literal(false) }),
]);
export type SsoStatus = z.infer<typeof SsoStatusSchema>;

/** Why a sign-on was refused: the `sso` parameter of the sign-in page it lands on. */
export const SSO_REFUSAL_REASONS = ['failed', 'unknown', 'unverified', 'disabled', 'off'] as const;
export type SsoRefusal = (typeof SSO_REFUSAL_REASONS)[number];
