/**
 * Signing in and out, and the signed-in user (`/api/auth/login`, `/logout`,
 * `/me`). The web's sign-in form validates with `LoginSchema` too.
 */
import { z } from 'zod';
import { LIMITS } from '../limits';
import { SectorSchema, SubTypeSchema } from '../sectors';
import {
  EmailSchema,
  IdSchema,
  PartnershipSchema,
  UserSchema,
  VariantSchema,
} from '../schemas/entities';

export const LOGIN_LABELS = { email: 'Email address', password: 'Password' } as const;

export const LoginSchema = z.strictObject({
  email: z.string().trim().min(1, { message: 'Enter your email address' }).pipe(EmailSchema),
  password: z
    .string()
    .min(1, { message: 'Enter your password' })
    .max(LIMITS.password.max * 4),
});
export type Login = z.input<typeof LoginSchema>;

/** An organisation as its own people see it in the header and menus. */
export const OwnOrganisationSchema = z.strictObject({
  id: IdSchema,
  name: z.string(),
  sector: SectorSchema,
  subType: SubTypeSchema.nullable(),
  usualVariant: VariantSchema,
});

/**
 * The signed-in user (a `User` without `disabled`: a disabled account cannot
 * sign in), with the organisations and partnerships they work with.
 */
export const CurrentUserSchema = UserSchema.omit({ disabled: true }).extend({
  organisations: z.array(OwnOrganisationSchema),
  partnerships: z.array(PartnershipSchema),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;
