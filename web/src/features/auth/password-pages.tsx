/**
 * Forgotten password (ask for a link), reset password (from the link) and
 * change password (signed in). Each form checks with the server's own schema
 * (shared/src/api/password.ts: the length counted as the server counts it),
 * so the error summary says at once what the server would refuse.
 */
import { useState } from 'react';
import { ChangePasswordSchema, ForgottenPasswordSchema, ResetPasswordSchema } from '@s11/shared';
import { TextInput } from '../../components/field';
import { NeedsConnection } from '../../components/needs-connection';
import { Page } from '../../components/page';
import { isOffline } from '../../components/problem';
import { Link } from '../../components/router';
import { useProblemForm } from '../../components/use-problem-form';
import { send, useCommand } from '../../offline';

const PASSWORD_HINT =
  'At least 12 characters. A good way is three random words, like “tea lamp river”. You can paste from a password manager.';

// ------------------------------------------------------------ forgotten

const ForgottenSchema = ForgottenPasswordSchema;

export function ForgottenPasswordPage() {
  const [sent, setSent] = useState<string | null>(null);
  const [noMail, setNoMail] = useState<string | null>(null);
  const form = useProblemForm({
    schema: ForgottenSchema,
    defaultValues: { email: '' },
    fallbackField: 'email',
    onSubmit: async (v) => {
      const res = await send('password.forgotten', { email: v.email });
      if (!res.ok) setNoMail(res.message);
      else setSent(res.message);
    },
  });
  // This service sends no email (MAIL_DISABLED): said plainly, with who to ask.
  if (noMail)
    return (
      <Page title="We cannot email you a link">
        <p className="govuk-body">{noMail}</p>
        <p className="govuk-body">
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </Page>
    );
  if (sent)
    return (
      <Page title="Check your email">
        <p className="govuk-body">{sent}</p>
        <p className="govuk-body">
          The email can take a few minutes to arrive. Check your spam folder too.
        </p>
        <p className="govuk-body">
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </Page>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title="Reset your password" {...form.page}>
          <p className="govuk-body">
            Enter the email address you sign in with. We will send you a link to choose a new
            password.
          </p>
          <form {...form.formProps}>
            <TextInput
              label="Email address"
              type="email"
              autoComplete="username"
              spellCheck={false}
              {...form.field('email')}
            />
            <button type="submit" className="govuk-button" disabled={form.submitting}>
              Send the link
            </button>
          </form>
          <p className="govuk-body">
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </Page>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- reset

const ResetSchema = ResetPasswordSchema.pick({ password: true });

export function ResetPasswordPage({ token }: { token: string }) {
  const link = useCommand('password.checkReset', { token });
  const [done, setDone] = useState(false);
  const form = useProblemForm({
    schema: ResetSchema,
    defaultValues: { password: '' },
    fallbackField: 'password',
    onSubmit: async (v) => {
      await send('password.reset', { token, password: v.password });
      setDone(true);
    },
  });
  if (link.status === 'loading') return <p className="govuk-body">Checking your link...</p>;
  if (link.status === 'failed' && isOffline(link.error))
    return <NeedsConnection what="password reset link" />;
  if (link.status === 'failed')
    return (
      <Page title="This password reset link has expired or been used">
        <p className="govuk-body">
          Links work once, for 30 minutes. <Link to="/forgotten-password">Ask for a new link</Link>.
        </p>
      </Page>
    );
  if (done)
    return (
      <Page title="Your password has been changed">
        <p className="govuk-body">
          You have been signed out everywhere else. <Link to="/sign-in">Sign in</Link> with your new
          password.
        </p>
      </Page>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title="Choose a new password" {...form.page}>
          <p className="govuk-body">
            For the account <strong>{link.data.email}</strong>. Changing it signs you out on every
            other device.
          </p>
          <form {...form.formProps}>
            <TextInput
              label="New password"
              hint={PASSWORD_HINT}
              type="password"
              autoComplete="new-password"
              {...form.field('password')}
            />
            <button type="submit" className="govuk-button" disabled={form.submitting}>
              Change password
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}

// --------------------------------------------------------------- change

const ChangeSchema = ChangePasswordSchema;

export function ChangePasswordPage() {
  const [done, setDone] = useState(false);
  const form = useProblemForm({
    schema: ChangeSchema,
    defaultValues: { currentPassword: '', newPassword: '' },
    fallbackField: 'newPassword',
    onSubmit: async (v, rhf) => {
      await send('password.change', v);
      rhf.reset();
      setDone(true);
    },
  });
  if (done)
    return (
      <Page title="Your password has been changed">
        <p className="govuk-body">You have been signed out on every other device.</p>
        <p className="govuk-body">
          <Link to="/">Continue</Link>
        </p>
      </Page>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Page title="Change your password" {...form.page}>
          <p className="govuk-body">Changing it signs you out on every other device.</p>
          <form {...form.formProps}>
            <TextInput
              label="Current password"
              type="password"
              autoComplete="current-password"
              {...form.field('currentPassword')}
            />
            <TextInput
              label="New password"
              hint={PASSWORD_HINT}
              type="password"
              autoComplete="new-password"
              {...form.field('newPassword')}
            />
            <button type="submit" className="govuk-button" disabled={form.submitting}>
              Change password
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}
