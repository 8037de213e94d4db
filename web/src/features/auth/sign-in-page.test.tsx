import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offline } from '../../offline';
import { fakeServer, problem } from '../../test/fake-server';
import { ChangePasswordPage } from './password-pages';
import { SignInPage } from './sign-in-page';

beforeEach(async () => {
  await offline.clearUserData();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a form on the one form hook (sign in, change password)', { timeout: 30_000 }, () => {
  it('an empty submit shows the error summary at the top, focused, with "Error:" in the title; its links focus the fields', async () => {
    const user = userEvent.setup();
    fakeServer({});
    render(<SignInPage />);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(within(summary).getByRole('heading')).toHaveTextContent('There is a problem');
    expect(document.title).toBe('Error: Sign in - S11 Portal');
    const links = within(summary).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'Enter your email address',
      'Enter your password',
    ]);
    // The message is also beside its field, and the field is described by it.
    expect(screen.getByLabelText('Email address')).toHaveAccessibleDescription(
      'Error: Enter your email address',
    );
    await user.click(links[1]!);
    expect(screen.getByLabelText('Password')).toHaveFocus();
    // Correcting the fields takes the errors away and the title back.
    await user.type(screen.getByLabelText('Email address'), 'sam@example.org');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(document.title).toBe('Sign in - S11 Portal');
  });

  it('a refusal from the server is put on the password field in words a person can act on', async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      // As server/src/routes/auth.ts answers a wrong password.
      'POST /api/auth/login': () =>
        problem(401, 'Sign in to continue', [
          { path: 'password', message: 'Check your email address and password and try again' },
        ]),
    });
    render(<SignInPage />);
    await user.type(screen.getByLabelText('Email address'), 'sam@example.org');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(within(summary).getByRole('link')).toHaveTextContent(
      'Your email address or password is not right.',
    );
    expect(within(summary).getByRole('link')).toHaveAttribute('href', '#password');
    expect(server.requests).toContainEqual({
      method: 'POST',
      path: '/api/auth/login',
      body: { email: 'sam@example.org', password: 'wrong password' },
    });
  });

  it('field-level errors of a problem+json answer go onto their fields', async () => {
    const user = userEvent.setup();
    fakeServer({
      'POST /api/auth/password/change': () =>
        problem(422, 'Some answers need correcting', [
          { path: 'currentPassword', message: 'Your current password is not right' },
          { path: 'newPassword', message: 'This password is too common' },
        ]),
    });
    render(<ChangePasswordPage />);
    await user.type(screen.getByLabelText('Current password'), 'old password!');
    await user.type(screen.getByLabelText('New password'), 'password1234');
    const button = screen.getByRole('button', { name: 'Change password' });
    await user.click(button);
    const summary = await screen.findByRole('alert');
    expect(
      within(summary)
        .getAllByRole('link')
        .map((l) => l.getAttribute('href')),
    ).toEqual(['#currentPassword', '#newPassword']);
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      expect.stringContaining('Error: This password is too common') as string,
    );
    expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true');
    expect(button).toBeEnabled();
  });
});
