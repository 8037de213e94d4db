import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { LIMITS, ROLE_LABELS, type Role } from '@s11/shared';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { navigate } from '../../components/router';
import { ApiError, offline } from '../../offline';

const SetPasswordSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name').max(LIMITS.name),
  password: z
    .string()
    .min(
      LIMITS.password.min,
      `Your password must be at least ${String(LIMITS.password.min)} characters`,
    )
    .max(
      LIMITS.password.max,
      `Your password must be ${String(LIMITS.password.max)} characters or fewer`,
    ),
});
type SetPassword = z.infer<typeof SetPasswordSchema>;

/** The link from an invitation email: the invitee sets their name and password, then is signed in. */
export function InvitationPage({ token }: { token: string }) {
  const [invite, setInvite] = useState<{ email: string; name: string; role: Role } | null | 'gone'>(
    null,
  );
  const [serverError, setServerError] = useState<string | null>(null);
  const [tries, setTries] = useState(0);
  const { register, handleSubmit, formState, reset } = useForm<SetPassword>({
    resolver: zodResolver(SetPasswordSchema),
    shouldFocusError: false,
    defaultValues: { name: '', password: '' },
  });
  useEffect(() => {
    offline.api
      .get<{ email: string; name: string; role: Role }>(
        `/api/auth/invitations/${encodeURIComponent(token)}`,
      )
      .then((i) => {
        setInvite(i);
        reset({ name: i.name, password: '' });
      })
      .catch(() => setInvite('gone'));
  }, [token, reset]);
  if (invite === null) return <p className="govuk-body">Loading your invitation...</p>;
  if (invite === 'gone') {
    return (
      <Page title="This invitation link has expired or been used">
        <p className="govuk-body">
          Ask your partnership manager to send you a new invitation. If you have already set your
          password, sign in.
        </p>
      </Page>
    );
  }
  const e = formState.errors;
  const errors = [
    ...(e.name?.message ? [{ field: 'name', message: e.name.message }] : []),
    ...(e.password?.message ? [{ field: 'password', message: e.password.message }] : []),
    ...(serverError ? [{ field: 'password', message: serverError }] : []),
  ];
  const submit = handleSubmit(
    async (v) => {
      setServerError(null);
      try {
        await offline.api.post('/api/auth/invitations/accept', {
          token,
          name: v.name,
          password: v.password,
        });
        const me = await offline.signIn(invite.email, v.password);
        navigate(me.memberships.some((m) => m.scope === 'organisation') ? '/' : '/partnership', {
          replace: true,
        });
      } catch (err) {
        setServerError(
          err instanceof ApiError
            ? (err.problem?.errors?.[0]?.message ?? err.problem?.title ?? 'That did not work.')
            : 'That did not work. Please try again.',
        );
        setTries((n) => n + 1);
      }
    },
    () => setTries((n) => n + 1),
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={tries} />
        <Page title="Set up your account">
          <p className="govuk-body">
            You have been invited as {ROLE_LABELS[invite.role].toLowerCase()} with the email address{' '}
            <strong>{invite.email}</strong>.
          </p>
          <form noValidate onSubmit={(ev) => void submit(ev)}>
            <div className={`govuk-form-group${e.name ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label govuk-label--s" htmlFor="name">
                Your name
              </label>
              <FieldError id="name" message={e.name?.message} />
              <input className="govuk-input" id="name" autoComplete="name" {...register('name')} />
            </div>
            <div
              className={`govuk-form-group${e.password || serverError ? ' govuk-form-group--error' : ''}`}
            >
              <label className="govuk-label govuk-label--s" htmlFor="password">
                Choose a password
              </label>
              <div id="password-hint" className="govuk-hint">
                At least 12 characters. A good way is three random words, like “tea lamp river”. You
                can paste from a password manager.
              </div>
              <FieldError id="password" message={e.password?.message ?? serverError ?? undefined} />
              <input
                className="govuk-input"
                id="password"
                type="password"
                autoComplete="new-password"
                aria-describedby="password-hint"
                {...register('password')}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
              Set password and continue
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}
