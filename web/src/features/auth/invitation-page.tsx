import { AcceptInvitationSchema, LoginSchema, ROLE_LABELS } from '@s11/shared';
import { TextInput } from '../../components/field';
import { NeedsConnection } from '../../components/needs-connection';
import { Page } from '../../components/page';
import { isOffline } from '../../components/problem';
import { useProblemForm } from '../../components/use-problem-form';
import { Link, navigate } from '../../components/router';
import {
  ApiError,
  offline,
  SecondFactorRequired,
  send,
  useCommand,
  useMe,
  type CommandResult,
  type Me,
} from '../../offline';

/** What the invitation gives; `accountExists`: accept by signing in, never by setting a password. */
type Invite = CommandResult<'invitations.check'>;

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
  const answer = useCommand('invitations.check', { token });
  if (answer.status === 'loading') return <p className="govuk-body">Loading your invitation...</p>;
  if (answer.status === 'failed') {
    return isOffline(answer.error) ? (
      <NeedsConnection what="invitation" />
    ) : (
      <Page title="This invitation link has expired or been used">
        <p className="govuk-body">
          Ask your partnership manager to send you a new invitation. If you have already accepted
          it, <Link to="/sign-in">sign in</Link>.
        </p>
      </Page>
    );
  }
  const invite = answer.data;
  return invite.accountExists ? (
    <AcceptExisting token={token} invite={invite} />
  ) : (
    <SetUpAccount token={token} invite={invite} />
  );
}

// The server's own rules for these fields (shared/src/api), so the form
// refuses exactly what the server would.
const PasswordSignInSchema = LoginSchema.pick({ password: true });

function AcceptExisting({ token, invite }: { token: string; invite: Invite }) {
  const me = useMe();
  const signedInAsInvitee = me && me.email.toLowerCase() === invite.email;
  const claim = async () => {
    home(await offline.claimInvitation(token));
  };
  const form = useProblemForm({
    schema: PasswordSignInSchema,
    defaultValues: { password: '' },
    fallbackField: signedInAsInvitee ? undefined : 'password',
    rootId: 'accept',
    describe: (err) =>
      err instanceof ApiError && err.status === 401 ? 'Your password is not right.' : undefined,
    onSubmit: async (v) => {
      await offline.signIn(invite.email, v.password);
      await claim();
    },
  });
  const accept = () => claim().catch((err: unknown) => form.fail(err));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title="You have been given access" {...form.page}>
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
            <form {...form.formProps}>
              <p className="govuk-body">You already have an account. Sign in to accept.</p>
              <TextInput
                label={`Password for ${invite.email}`}
                type="password"
                autoComplete="current-password"
                {...form.field('password')}
              />
              <button type="submit" className="govuk-button" disabled={form.submitting}>
                Sign in and accept
              </button>
            </form>
          )}
        </Page>
      </div>
    </div>
  );
}

const SetPasswordSchema = AcceptInvitationSchema.pick({ name: true, password: true });

function SetUpAccount({ token, invite }: { token: string; invite: Invite }) {
  const form = useProblemForm({
    schema: SetPasswordSchema,
    defaultValues: { name: invite.name, password: '' },
    fallbackField: 'password',
    onSubmit: async (v) => {
      await send('invitations.accept', {
        token,
        name: v.name,
        password: v.password,
      });
      try {
        home(await offline.signIn(invite.email, v.password));
      } catch (err) {
        if (!(err instanceof SecondFactorRequired)) throw err;
        // Partnership staff set up an authenticator app before going in.
        navigate(err.step === 'setup' ? '/sign-in/set-up-authenticator' : '/sign-in/code', {
          replace: true,
        });
      }
    },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title="Set up your account" {...form.page}>
          <p className="govuk-body">
            You have been invited as {describe(invite)} with the email address{' '}
            <strong>{invite.email}</strong>.
          </p>
          <form {...form.formProps}>
            <TextInput label="Your name" autoComplete="name" {...form.field('name')} />
            <TextInput
              label="Choose a password"
              hint="At least 12 characters. A good way is three random words, like “tea lamp river”. You can paste from a password manager."
              type="password"
              autoComplete="new-password"
              {...form.field('password')}
            />
            <button type="submit" className="govuk-button" disabled={form.submitting}>
              Set password and continue
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}
