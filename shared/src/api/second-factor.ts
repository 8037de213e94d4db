/**
 * The second factor, under `/api/auth/second-factor` (server/src/routes/
 * second-factor.ts): its status, setting up an authenticator app, entering a
 * code after the password, new recovery codes, turning the app off. The web
 * app validates its forms with the same schemas.
 */
import { z } from 'zod';
import { CurrentUserSchema } from './auth';

/** Six digits from an authenticator app; spaces are ignored ("123 456"). */
export const TotpCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(
    z
      .string()
      .min(1, { message: 'Enter the 6-digit code from your authenticator app' })
      .regex(/^\d{6}$/, { message: 'The code must be 6 digits, like 123456' }),
  );

/** A recovery code, XXXX-XXXX-XXXX; case, spaces and hyphens do not matter. */
export const RecoveryCodeSchema = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .min(1, { message: 'Enter one of your recovery codes' })
      .regex(/^[0-9A-Z]{12}$/, { message: 'A recovery code has 12 letters and numbers' }),
  );

export const TotpConfirmSchema = z.strictObject({ code: TotpCodeSchema });

/** Either a code from the app or a recovery code, not both. */
export const SecondFactorVerifySchema = z.union([
  z.strictObject({ code: TotpCodeSchema }),
  z.strictObject({ recoveryCode: RecoveryCodeSchema }),
]);
export type SecondFactorVerify = z.infer<typeof SecondFactorVerifySchema>;

export const TotpSetupSchema = z.strictObject({
  /** Base32, for typing into an app by hand. */
  secret: z.string(),
  /** The same, in groups of four. */
  secretGrouped: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as an SVG QR code. */
  qrSvg: z.string(),
});
export type TotpSetup = z.infer<typeof TotpSetupSchema>;

export const SecondFactorStatusSchema = z.strictObject({
  /** Partnership staff must use one; organisation users may. */
  required: z.boolean(),
  totp: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  /** The session still owes it: `setup` or `verify`; `none` when passed. */
  session: z.enum(['none', 'setup', 'verify']),
});
export type SecondFactorStatusBody = z.infer<typeof SecondFactorStatusSchema>;

/** Recovery codes, shown once: each works one time in place of a code from the app. */
export const RecoveryCodesSchema = z.strictObject({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;

/** The app is confirmed: the session has passed its second factor. */
export const TotpConfirmedSchema = RecoveryCodesSchema.extend({ me: CurrentUserSchema });
export type TotpConfirmed = z.infer<typeof TotpConfirmedSchema>;

/** The code was right: the signed-in user, and how many recovery codes are left. */
export const SecondFactorPassedSchema = CurrentUserSchema.extend({
  recoveryCodesLeft: z.number().int(),
});
export type SecondFactorPassed = z.infer<typeof SecondFactorPassedSchema>;
