/**
 * The pages a link opens, on the one read hook
 * (`useCommand`): what a person sees while it loads, when the server refuses
 * the link, and when the device has no connection (a good link must not be
 * called expired just because the tablet is offline).
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offline } from '../../offline';
import { fakeServer, problem } from '../../test/fake-server';
import { InvitationPage } from './invitation-page';
import { ResetPasswordPage } from './password-pages';

beforeEach(async () => {
  await offline.clearUserData();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A device with no connection: every request fails before an answer comes. */
function noConnection() {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
  );
}

const token = 'a'.repeat(43);

describe('links and one-off reads (useCommand)', { timeout: 30_000 }, () => {
  it('an invitation opened offline asks for a connection; it is not called expired', async () => {
    noConnection();
    render(<InvitationPage token={token} />);
    expect(screen.getByText('Loading your invitation...')).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You need to be online' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/could not check your invitation/)).toBeInTheDocument();
    expect(screen.queryByText(/expired/)).toBeNull();
  });

  it('an invitation the server no longer knows is called expired or used', async () => {
    fakeServer({
      [`GET /api/auth/invitations/${token}`]: () => problem(404, 'We could not find that page'),
    });
    render(<InvitationPage token={token} />);
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'This invitation link has expired or been used',
      }),
    ).toBeInTheDocument();
  });

  it('a good invitation for a new person asks for their name and a password', async () => {
    fakeServer({
      [`GET /api/auth/invitations/${token}`]: () => ({
        body: {
          email: 'ali@nursery.example',
          name: 'Ali Khan',
          role: 'org_editor',
          partnershipName: 'Northshire',
          organisationName: 'Little Acorns',
          accountExists: false,
          expiresAt: '2027-01-31T12:00:00.000Z',
        },
      }),
    });
    render(<InvitationPage token={token} />);
    expect(await screen.findByLabelText('Your name')).toHaveValue('Ali Khan');
  });

  it('a reset link shows whose password it changes, and says when it is done', async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      [`GET /api/auth/password/reset/${token}`]: () => ({ body: { email: 'sam@example.org' } }),
      'POST /api/auth/password/reset': () => ({ body: { ok: true } }),
    });
    render(<ResetPasswordPage token={token} />);
    expect(await screen.findByText('sam@example.org')).toBeInTheDocument();
    await user.type(screen.getByLabelText('New password'), 'tea lamp river boat');
    await user.click(screen.getByRole('button', { name: /password/i }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your password has been changed' }),
    ).toBeInTheDocument();
    expect(server.changes()).toEqual([
      {
        method: 'POST',
        path: '/api/auth/password/reset',
        body: { token, password: 'tea lamp river boat' },
      },
    ]);
  });

  it('a reset link opened offline asks for a connection', async () => {
    noConnection();
    render(<ResetPasswordPage token={token} />);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You need to be online' }),
    ).toBeInTheDocument();
  });
});
