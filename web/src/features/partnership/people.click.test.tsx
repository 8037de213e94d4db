/**
 * People, as a partnership manager uses the page, by role and label: the
 * list, changing someone's role (choose, check, confirm) and disabling or
 * re-enabling an account, with what the server receives and what it refuses.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersonBody } from '@s11/shared';
import { errorSummaryLinks, renderConsolePage, withHidden } from '../../test/console';
import { fakeServer, problem, type Answer } from '../../test/fake-server';
import { People, Person } from './people';

const pid = '55555555-5555-4555-8555-555555555555';
const usersPath = `/api/partnerships/${pid}/users`;

const jo: PersonBody = {
  id: '66666666-6666-4666-8666-666666666666',
  name: 'Jo Park',
  email: 'jo@example.org',
  disabled: false,
  lastSignInAt: '2026-11-20T10:05:00.000Z',
  secondFactor: { totp: true, recoveryCodesLeft: 8 },
  memberships: [
    {
      id: '77777777-7777-4777-8777-777777777777',
      role: 'org_editor',
      scope: 'organisation',
      organisationId: '88888888-8888-4888-8888-888888888888',
      organisationName: 'Riverside Surgery',
    },
  ],
  manageable: true,
  you: false,
};
const me: PersonBody = {
  id: '44444444-4444-4444-8444-444444444444',
  name: '',
  email: 'manager@example.org',
  disabled: false,
  lastSignInAt: null,
  secondFactor: { totp: false, recoveryCodesLeft: 0 },
  memberships: [
    {
      id: '99999999-9999-4999-8999-999999999999',
      role: 'partnership_manager',
      scope: 'partnership',
      organisationId: null,
      organisationName: null,
    },
  ],
  manageable: true,
  you: true,
};

/**
 * The people routes over one person the test can change, answering as the
 * server does; `refuse` stands in for a rule the server enforces.
 */
function peopleServer(person: PersonBody, refuse?: () => Answer) {
  let current = person;
  const path = `${usersPath}/${person.id}`;
  const change = (next: Partial<PersonBody>, status = 200): Answer => {
    if (refuse) return refuse();
    current = { ...current, ...next };
    return status === 204 ? { status } : { body: current };
  };
  return fakeServer({
    [`GET ${usersPath}`]: () => ({ body: { people: [me, current] } }),
    [`GET ${path}`]: () => ({ body: current }),
    [`PUT ${path}/memberships/${person.memberships[0]!.id}`]: (body) =>
      change({
        memberships: [
          { ...current.memberships[0]!, ...(body as Pick<PersonBody['memberships'][0], 'role'>) },
        ],
      }),
    [`POST ${path}/disable`]: () => change({ disabled: true }, 204),
    [`POST ${path}/enable`]: () => change({ disabled: false }, 204),
  });
}

/** The success banner at the top of the person's page. */
const banner = () => screen.findByRole('alert', { name: 'Success' });

beforeEach(() => {
  window.history.replaceState(null, '', '/partnership/people');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the people list', { timeout: 30_000 }, () => {
  it('shows everyone with their access, last sign-in, authenticator app and status; a name opens their page', async () => {
    const user = userEvent.setup();
    peopleServer(jo);
    renderConsolePage(<People pid={pid} />);
    const table = await screen.findByRole('table', { name: '2 people' });
    const row = within(table).getByRole('row', { name: /Jo Park/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([
      'Jo Park',
      'jo@example.org',
      'Organisation editor, Riverside Surgery',
      '20 November 2026 at 10:05am',
      'Set up (8 recovery codes left)',
      'Active',
    ]);
    expect(
      within(table).getByRole('row', { name: /manager@example.org \(you\)/ }),
    ).toHaveTextContent('Never');
    await user.click(within(row).getByRole('link', { name: 'Jo Park' }));
    expect(window.location.pathname).toBe(`/partnership/people/${jo.id}`);
  });
});

describe("changing someone's role", { timeout: 30_000 }, () => {
  it('choose, check and confirm: the server is sent the new role, and the page says it is done', async () => {
    const user = userEvent.setup();
    const server = peopleServer(jo);
    renderConsolePage(<Person pid={pid} uid={jo.id} />);
    await user.click(
      await screen.findByRole('button', {
        name: withHidden('Change', 'role at Riverside Surgery'),
      }),
    );
    const roles = screen.getByRole('group', { name: /New role at Riverside Surgery/ });
    // Continuing with the same role is refused: nothing would change.
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await errorSummaryLinks()).toEqual(['Choose a role different from organisation editor']);
    await user.click(within(roles).getByRole('radio', { name: /Organisation signatory/ }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Change Jo Park’s role?' }),
    ).toBeInTheDocument();
    expect(server.changes()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Change role' }));
    expect(await banner()).toHaveTextContent('Jo Park is now Organisation signatory.');
    expect(server.changes()).toEqual([
      {
        method: 'PUT',
        path: `${usersPath}/${jo.id}/memberships/${jo.memberships[0]!.id}`,
        body: { role: 'org_signatory' },
      },
    ]);
    // The page is read again from the server, and shows the new role.
    await waitFor(() =>
      expect(screen.getByText('Role at Riverside Surgery').parentElement).toHaveTextContent(
        'Organisation signatory',
      ),
    );
  });

  it("the server's refusal is shown at the top of the confirmation, focused, and nothing changes", async () => {
    const user = userEvent.setup();
    // As server/src/auth/people.ts refuses to demote the last manager.
    peopleServer(me, () =>
      problem(
        409,
        'The partnership must keep a manager',
        undefined,
        "This is the partnership's last active manager, so you cannot change their role. Invite or promote another manager first.",
      ),
    );
    renderConsolePage(<Person pid={pid} uid={me.id} />);
    await user.click(
      await screen.findByRole('button', { name: withHidden('Change', 'role at the partnership') }),
    );
    await user.click(screen.getByRole('radio', { name: /Partnership viewer/ }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: 'Change role' }));
    expect(await errorSummaryLinks()).toEqual([
      "The partnership must keep a manager. This is the partnership's last active manager, so you cannot change their role. Invite or promote another manager first.",
    ]);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('role?');
  });
});

describe('disabling and re-enabling an account', { timeout: 30_000 }, () => {
  it('disable asks first, then sends it; re-enable undoes it', async () => {
    const user = userEvent.setup();
    const server = peopleServer(jo);
    renderConsolePage(<Person pid={pid} uid={jo.id} />);
    await user.click(await screen.findByRole('button', { name: 'Disable account' }));
    expect(
      screen.getByRole('heading', { level: 1, name: 'Disable Jo Park’s account?' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/will be signed out everywhere at once/)).toBeInTheDocument();
    expect(server.changes()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Disable account' }));
    expect(await banner()).toHaveTextContent('Jo Park’s account is disabled.');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Re-enable account' })).toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Re-enable account' }));
    await user.click(await screen.findByRole('button', { name: 'Re-enable account' }));
    expect(await banner()).toHaveTextContent('Jo Park’s account is re-enabled.');
    expect(server.changes()).toEqual([
      { method: 'POST', path: `${usersPath}/${jo.id}/disable`, body: undefined },
      { method: 'POST', path: `${usersPath}/${jo.id}/enable`, body: undefined },
    ]);
  });

  it('Cancel sends nothing; your own account cannot be disabled from here', async () => {
    const user = userEvent.setup();
    const server = peopleServer(jo);
    const { unmount } = renderConsolePage(<Person pid={pid} uid={jo.id} />);
    await user.click(await screen.findByRole('button', { name: 'Disable account' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Jo Park' })).toBeInTheDocument();
    expect(server.changes()).toEqual([]);
    unmount();

    peopleServer(me);
    renderConsolePage(<Person pid={pid} uid={me.id} />);
    expect(await screen.findByText(/This is your account/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Disable account' })).toBeNull();
  });
});
