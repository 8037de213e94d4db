import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { LIMITS, ROLE_LABELS } from '@s11/shared';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { Link, navigate } from '../../components/router';
import {
  ApiError,
  offline,
  SecondFactorRequired,
  send,
  useMe,
  type CommandResult,
  type Me,
} from '../../offline';

/** What the invitation gives; `accountExists`: accept by signing in, never by setting a password. */
type Invite = CommandResult<'invitations.check'>;

const problemMessage = (err: unknown) =>
  err instanceof ApiError
    ? (err.problem?.errors?.[0]?.message ??
      err.problem?.detail ??
      err.problem?.title ??
      'That did not work.')
    : 'That did not work. Please try again.';

const home = (me: Me) =>
  navigate(me.memberships.some((m) => m.scope === 'organisation') ? '/' : '/partnership', {
    replace: true,
  });

/** What the invitation gives, in words: "partnership viewer for Partnership A". */
function describe(i: Invite) {
  const role = ROLE_LABELS[i.role].toLowerCase();
  return i.organisationName
    ? `${role} for ${i.organisationName} (${i.partnershipName})`
    : `${role} for ${i.partnershipName}`;
}

/**
 * The link from an invitation email. A new person sets their name and
 * password; a person who already has an account signs in as themselves and
 * accepts (their password and name are never changed here).
 */
export function InvitationPage({ token }: { token: string }) {
  const [invite, setInvite] = useState<Invite | null | 'gone'>(null);
  useEffect(() => {
    send('invitations.check', { token })
      .then(setInvite)
      .catch(() => setInvite('gone'));
  }, [token]);
  if (invite === null) return <p className="govuk-body">Loading your invitation...</p>;
  if (invite === 'gone') {
    return (
      <Page title="This invitation link has expired or been used">
        <p className="govuk-body">
          Ask your partnership manager to send you a new invitation. If you have already accepted
          it, <Link to="/sign-in">sign in</Link>.
        </p>
      </Page>
    );
  }
  return invite.accountExists ? (
    <AcceptExisting token={token} invite={invite} />
  ) : (
    <SetUpAccount token={token} invite={invite} />
  );
}

const PasswordSignInSchema = z.object({
  password: z.string().min(1, 'Enter your password'),
});

function AcceptExisting({ token, invite }: { token: string; invite: Invite }) {
  const me = useMe();
  const [serverError, setServerError] = useState<string | null>(null);
  const [tries, setTries] = useState(0);
  const { register, handleSubmit, formState } = useForm<{ password: string }>({
    resolver: zodResolver(PasswordSignInSchema),
    shouldFocusError: false,
    defaultValues: { password: '' },
  });
  const signedInAsInvitee = me && me.email.toLowerCase() === invite.email;
  const claim = async () => {
    home(await offline.claimInvitation(token));
  };
  const accept = async () => {
    setServerError(null);
    try {
      await claim();
    } catch (err) {
      setServerError(problemMessage(err));
      setTries((n) => n + 1);
    }
  };
  const submit = handleSubmit(
    async (v) => {
      setServerError(null);
      try {
        await offline.signIn(invite.email, v.password);
        await claim();
      } catch (err) {
        setServerError(
          err instanceof ApiError && err.status === 401
            ? 'Your password is not right.'
            : problemMessage(err),
        );
        setTries((n) => n + 1);
      }
    },
    () => setTries((n) => n + 1),
  );
  const e = formState.errors;
  const errors = [
    ...(e.password?.message ? [{ field: 'password', message: e.password.message }] : []),
    ...(serverError
      ? [{ field: signedInAsInvitee ? 'accept' : 'password', message: serverError }]
      : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={tries} />
        <Page title="You have been given access">
          <p className="govuk-body">
            You have been given access as {describe(invite)}, for the account{' '}
            <strong>{invite.email}</strong>. Nothing changes until you accept.
          </p>
          {signedInAsInvitee ? (
            <button
              id="accept"
              type="button"
              className="govuk-button"
              onClick={() => void accept()}
            >
              Accept
            </button>
          ) : me ? (
            <p className="govuk-body">
              You are signed in as <strong>{me.email}</strong>. Sign out, then open this link again
              and sign in as {invite.email} to accept.
            </p>
          ) : (
            <form noValidate onSubmit={(ev) => void submit(ev)}>
              <p className="govuk-body">You already have an account. Sign in to accept.</p>
              <div
                className={`govuk-form-group${e.password || serverError ? ' govuk-form-group--error' : ''}`}
              >
                <label className="govuk-label govuk-label--s" htmlFor="password">
                  Password for {invite.email}
                </label>
                <FieldError
                  id="password"
                  message={e.password?.message ?? serverError ?? undefined}
                />
                <input
                  className="govuk-input"
                  id="password"
                  type="password"
                  autoComplete="current-password"
                  {...register('password')}
                />
              </div>
              <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
                Sign in and accept
              </button>
            </form>
          )}
        </Page>
      </div>
    </div>
  );
}

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

function SetUpAccount({ token, invite }: { token: string; invite: Invite }) {
  const [serverError, setServerError] = useState<string | null>(null);
  const [tries, setTries] = useState(0);
  const { register, handleSubmit, formState } = useForm<SetPassword>({
    resolver: zodResolver(SetPasswordSchema),
    shouldFocusError: false,
    defaultValues: { name: invite.name, password: '' },
  });
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
        await send('invitations.accept', {
          token,
          name: v.name,
          password: v.password,
        });
        home(await offline.signIn(invite.email, v.password));
      } catch (err) {
        if (err instanceof SecondFactorRequired) {
          // Partnership staff set up an authenticator app before going in.
          navigate(err.step === 'setup' ? '/sign-in/set-up-authenticator' : '/sign-in/code', {
            replace: true,
          });
          return;
        }
        setServerError(problemMessage(err));
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
            You have been invited as {describe(invite)} with the email address{' '}
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
