/**
 * Invitations, as a partnership manager uses the page, by role and label:
 * the list and its filter, sending an invitation again and revoking one
 * (after confirming), with what the server receives and what it refuses.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorSummaryLinks, renderConsolePage, withHidden } from '../../test/console';
import { fakeServer, problem, type Answer } from '../../test/fake-server';
import { Invitations } from './invitations';
import type { InvitationRow } from './people-data';

const pid = '55555555-5555-4555-8555-555555555555';
const invitationsPath = `/api/partnerships/${pid}/invitations`;

const invitation = (
  i: Partial<InvitationRow> & Pick<InvitationRow, 'id' | 'email' | 'state'>,
): InvitationRow => ({
  name: '',
  role: 'org_editor',
  organisationId: '88888888-8888-4888-8888-888888888888',
  organisationName: 'Riverside Surgery',
  existingAccount: false,
  createdAt: '2026-11-20T10:00:00.000Z',
  expiresAt: '2026-12-04T10:00:00.000Z',
  acceptedAt: null,
  revokedAt: null,
  delivery: { state: 'sent', attempts: 1, lastAttemptAt: '2026-11-20T10:00:05.000Z' },
  ...i,
});
const pending = invitation({
  id: '66666666-6666-4666-8666-666666666666',
  email: 'jo@example.org',
  name: 'Jo Park',
  state: 'pending',
});
const accepted = invitation({
  id: '77777777-7777-4777-8777-777777777777',
  email: 'kim@example.org',
  role: 'partnership_viewer',
  organisationId: null,
  organisationName: null,
  state: 'accepted',
});

/** The invitations routes; `answer` is the server's answer to resend and revoke. */
function invitationsServer(answer?: () => Answer) {
  const ok = (id: string, state: string): Answer => answer?.() ?? { body: { id, state } };
  return fakeServer({
    [`GET ${invitationsPath}`]: () => ({
      body: { mailDisabled: false, invitations: [pending, accepted] },
    }),
    [`POST ${invitationsPath}/${pending.id}/resend`]: () => ok(pending.id, 'pending'),
    [`POST ${invitationsPath}/${pending.id}/revoke`]: () => ok(pending.id, 'revoked'),
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the invitations list', { timeout: 30_000 }, () => {
  it('shows each invitation with its role, state and delivery, and filters by state', async () => {
    const user = userEvent.setup();
    invitationsServer();
    renderConsolePage(<Invitations pid={pid} />);
    const table = await screen.findByRole('table', { name: '2 invitations' });
    const row = within(table).getByRole('row', { name: /jo@example.org/ });
    expect(row).toHaveTextContent('Jo Park (jo@example.org)');
    expect(row).toHaveTextContent('Organisation editor, Riverside Surgery');
    expect(row).toHaveTextContent('Pending');
    expect(row).toHaveTextContent('Email sent');
    // Only an open invitation can be sent again or revoked.
    expect(
      within(within(table).getByRole('row', { name: /kim@example.org/ })).queryByRole('button'),
    ).toBeNull();

    await user.selectOptions(screen.getByLabelText('Show'), 'Accepted');
    expect(screen.getByRole('table', { name: '1 invitations' })).toHaveTextContent(
      'kim@example.org',
    );
    expect(screen.queryByRole('row', { name: /jo@example.org/ })).toBeNull();
  });
});

describe('sending again and revoking', { timeout: 30_000 }, () => {
  it('"Send again" asks the server for a new link and says so', async () => {
    const user = userEvent.setup();
    const server = invitationsServer();
    renderConsolePage(<Invitations pid={pid} />);
    await user.click(
      await screen.findByRole('button', { name: withHidden('Send again', 'to jo@example.org') }),
    );
    expect(await screen.findByRole('alert', { name: 'Success' })).toHaveTextContent(
      'Invitation sent again to jo@example.org with a new link.',
    );
    expect(server.changes()).toEqual([
      { method: 'POST', path: `${invitationsPath}/${pending.id}/resend`, body: undefined },
    ]);
  });

  it('a refused resend is shown at the top of the page, focused', async () => {
    const user = userEvent.setup();
    invitationsServer(() =>
      problem(409, 'This invitation is closed', undefined, 'It was accepted a moment ago.'),
    );
    renderConsolePage(<Invitations pid={pid} />);
    await user.click(
      await screen.findByRole('button', { name: withHidden('Send again', 'to jo@example.org') }),
    );
    expect(await errorSummaryLinks()).toEqual([
      'This invitation is closed. It was accepted a moment ago.',
    ]);
  });

  it('"Revoke" asks first; Cancel sends nothing, confirming revokes it', async () => {
    const user = userEvent.setup();
    const server = invitationsServer();
    renderConsolePage(<Invitations pid={pid} />);
    const revoke = () =>
      screen.findByRole('button', { name: withHidden('Revoke', 'invitation to jo@example.org') });
    await user.click(await revoke());
    expect(
      screen.getByRole('heading', { level: 1, name: 'Revoke the invitation to jo@example.org?' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/will not be given organisation editor access at Riverside Surgery/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(server.changes()).toEqual([]);

    await user.click(await revoke());
    await user.click(screen.getByRole('button', { name: 'Revoke invitation' }));
    expect(await screen.findByRole('alert', { name: 'Success' })).toHaveTextContent(
      'The invitation to jo@example.org is revoked.',
    );
    expect(server.changes()).toEqual([
      { method: 'POST', path: `${invitationsPath}/${pending.id}/revoke`, body: undefined },
    ]);
  });
});
