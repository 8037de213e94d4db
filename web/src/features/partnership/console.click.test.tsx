/**
 * The console's routes, as staff reach them: the page at the address, the
 * tabs a role is given, and a tab click that changes page. Managers may
 * change things; a board viewer reads, and is given no manager tabs.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@s11/shared';
import { offline } from '../../offline';
import { deviceStore } from '../../offline/testing';
import { orgRow } from '../../test/console';
import { fakeServer } from '../../test/fake-server';
import PartnershipConsole from './index';

const pid = '55555555-5555-4555-8555-555555555555';

async function signedInAs(role: Extract<Role, `partnership_${string}`>) {
  await deviceStore.meta.put({
    key: 'me',
    value: {
      id: '44444444-4444-4444-8444-444444444444',
      email: 'staff@example.org',
      name: 'Staff',
      memberships: [{ scope: 'partnership', role, partnershipId: pid }],
      organisations: [],
      partnerships: [{ id: pid, name: 'Northbridge Partnership', shortName: 'NSCP' }],
    },
  });
  fakeServer({
    [`GET /api/partnerships/${pid}/organisations`]: () => ({
      body: {
        organisations: [
          orgRow({ id: '66666666-6666-4666-8666-666666666666', name: 'Riverside Surgery' }),
        ],
      },
    }),
    [`GET /api/partnerships/${pid}/cycles`]: () => ({ body: { cycles: [] } }),
  });
}

const tabs = () =>
  within(screen.getByRole('navigation', { name: 'Console' }))
    .getAllByRole('link')
    .map((l) => l.textContent);

beforeEach(async () => {
  await offline.clearUserData();
  window.history.replaceState(null, '', '/partnership/organisations');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the console, by address', { timeout: 30_000 }, () => {
  it('a manager at /partnership/organisations gets the directory to manage, every tab, and the Cycles tab opens cycles', async () => {
    const user = userEvent.setup();
    await signedInAs('partnership_manager');
    render(<PartnershipConsole />);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Organisations' }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: '1 organisations' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add an organisation' })).toBeInTheDocument();
    expect(tabs()).toEqual([
      'Overview',
      'Returns',
      'Roll-ups',
      'Organisations',
      'Cycles',
      'People',
      'Invitations',
      'Audit log',
    ]);
    expect(screen.getByRole('link', { name: 'Organisations' })).toHaveAttribute(
      'aria-current',
      'page',
    );

    await user.click(screen.getByRole('link', { name: 'Cycles' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Audit cycles' }),
    ).toBeInTheDocument();
    expect(window.location.pathname).toBe('/partnership/cycles');
    expect(screen.getByRole('heading', { name: 'Open a new cycle' })).toBeInTheDocument();
  });

  it('a board viewer reads the directory, with no manager tabs and nothing to change', async () => {
    await signedInAs('partnership_viewer');
    render(<PartnershipConsole />);
    expect(await screen.findByRole('table', { name: '1 organisations' })).toBeInTheDocument();
    expect(tabs()).toEqual(['Overview', 'Returns', 'Roll-ups', 'Organisations', 'Cycles']);
    expect(screen.queryByRole('button', { name: 'Add an organisation' })).toBeNull();
  });
});
