/**
 * Passwords: forgotten (a link by email), reset with the link, and change
 * (`/api/auth/password/*`). The web's forms validate with the same schemas;
 * the server also refuses common passwords and ones holding the email
 * address (server/src/auth/passwords.ts), which only it can check.
 */
import { z } from 'zod';
import { LIMITS } from '../limits';
import { EmailSchema } from '../schemas/entities';

export const PASSWORD_LABELS = {
  email: 'Email address',
  password: 'New password',
  currentPassword: 'Current password',
  newPassword: 'New password',
} as const;

/** A single-use link's token (invitations and resets). */
export const LinkTokenSchema = z.string().min(10).max(100);

/** Long enough to hold any password of up to `max` characters in any script. */
const PASSWORD_TRANSPORT_MAX = LIMITS.password.max * 4;

/**
 * A new password: counted in characters (code points) after NFC, as the
 * server hashes it, so the form and the server agree on its length.
 */
export const NewPasswordSchema = z
  .string()
  .max(PASSWORD_TRANSPORT_MAX)
  .superRefine((value, ctx) => {
    const length = [...value.normalize('NFC')].length;
    if (length < LIMITS.password.min)
      ctx.addIssue({
        code: 'custom',
        message: `Your password must be at least ${String(LIMITS.password.min)} characters`,
      });
    else if (length > LIMITS.password.max)
      ctx.addIssue({
        code: 'custom',
        message: `Your password must be ${String(LIMITS.password.max)} characters or fewer`,
      });
  });

export const ForgottenPasswordSchema = z.strictObject({
  email: z.string().trim().min(1, { message: 'Enter your email address' }).pipe(EmailSchema),
});
export const ResetPasswordSchema = z.strictObject({
  token: LinkTokenSchema,
  password: NewPasswordSchema,
});
export const ChangePasswordSchema = z.strictObject({
  currentPassword: z
    .string()
    .min(1, { message: 'Enter your current password' })
    .max(PASSWORD_TRANSPORT_MAX),
  newPassword: NewPasswordSchema,
});

/** The same answer whether or not the email has an account (202). */
export const ResetLinkSentSchema = z.strictObject({ ok: z.literal(true), message: z.string() });
/** Said instead (200) when this server sends no email. */
export const ResetByMailUnavailableSchema = z.strictObject({
  ok: z.literal(false),
  mailDisabled: z.literal(true),
  message: z.string(),
});
export const ResetLinkSchema = z.strictObject({ email: z.string() });
export const DoneSchema = z.strictObject({ ok: z.literal(true) });
