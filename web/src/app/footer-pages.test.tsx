import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offline } from '../offline';
import { deviceStore } from '../offline/testing';
import { fakeServer, problem } from '../test/fake-server';
import { App } from './app';

/**
 * A first render transforms the app's modules and its lazy pages on demand:
 * seconds on a loaded 2-core machine, so the first look at each page waits longer.
 */
const FIRST_RENDER = { timeout: 15_000 };

const ANYTOWN = {
  ownerName: 'Anytown Safeguarding Children Partnership',
  contactEmail: 'safeguarding.partnership@anytown.gov.uk',
};

beforeEach(async () => {
  await offline.clearUserData();
  localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

function signedOut(service: () => { status?: number; body?: unknown }) {
  return fakeServer({
    'GET /api/auth/me': () => problem(401, 'Sign in to continue'),
    'GET /api/service': service,
  });
}

describe('the footer and its pages', { timeout: 60_000 }, () => {
  it('reach the accessibility statement, privacy notice and contact without signing in, naming who runs the service', async () => {
    const user = userEvent.setup();
    signedOut(() => ({ body: ANYTOWN }));
    window.history.replaceState(null, '', '/sign-in');
    render(<App />);
    const footer = await screen.findByRole('contentinfo', {}, FIRST_RENDER);
    await user.click(within(footer).getByRole('link', { name: 'Accessibility statement' }));
    expect(
      await screen.findByRole(
        'heading',
        {
          level: 1,
          name: 'Accessibility statement for the Section 11 self-assessment',
        },
        FIRST_RENDER,
      ),
    ).toBeVisible();
    expect(window.location.pathname).toBe('/accessibility');
    // Not sent to the sign-in page: the regulations ask that anyone can read it.
    await screen.findByText(/run by Anytown Safeguarding Children Partnership/);
    expect(screen.getByRole('link', { name: ANYTOWN.contactEmail })).toHaveAttribute(
      'href',
      `mailto:${ANYTOWN.contactEmail}`,
    );
    expect(document.title).toBe(
      'Accessibility statement for the Section 11 self-assessment - S11 Portal',
    );

    await user.click(within(footer).getByRole('link', { name: 'Privacy notice' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Privacy notice' }, FIRST_RENDER),
    ).toBeVisible();
    expect(
      await screen.findByText(/Anytown Safeguarding Children Partnership, the data controller/),
    ).toBeVisible();

    await user.click(within(footer).getByRole('link', { name: 'Contact' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Contact' }, FIRST_RENDER),
    ).toBeVisible();
    expect(await screen.findByRole('link', { name: ANYTOWN.contactEmail })).toBeVisible();
    expect(window.location.pathname).toBe('/contact');
  });

  it('still names the contact offline, from the last answer this device had', async () => {
    signedOut(() => ({ body: ANYTOWN }));
    window.history.replaceState(null, '', '/contact');
    const first = render(<App />);
    await screen.findByRole('link', { name: ANYTOWN.contactEmail }, FIRST_RENDER);
    first.unmount();
    // Nothing answers now.
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    render(<App />);
    expect(
      await screen.findByRole('link', { name: ANYTOWN.contactEmail }, FIRST_RENDER),
    ).toBeVisible();
  });

  it('says to ask the partnership that invited you where the operator has set no contact', async () => {
    signedOut(() => ({ body: { ownerName: null, contactEmail: null } }));
    window.history.replaceState(null, '', '/contact');
    render(<App />);
    expect(
      await screen.findByText(
        /Contact the safeguarding children partnership that invited you/,
        {},
        FIRST_RENDER,
      ),
    ).toBeVisible();
    expect(screen.queryByRole('link', { name: /@/ })).toBeNull();
  });

  it('answers an unknown address with "Page not found" and a way back', async () => {
    const user = userEvent.setup();
    const jo = {
      id: '44444444-4444-4444-8444-444444444444',
      email: 'jo@little-acorns.example',
      name: 'Jo Bennett',
      memberships: [{ scope: 'organisation', role: 'org_editor', organisationId: 'o1' }],
      organisations: [],
      partnerships: [],
    };
    await deviceStore.meta.put({ key: 'me', value: jo });
    fakeServer({ 'GET /api/auth/me': () => ({ body: jo }) });
    window.history.replaceState(null, '', '/returns-typo/123/oops');
    render(<App />);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Page not found' }, FIRST_RENDER),
    ).toBeVisible();
    expect(document.title).toBe('Page not found - S11 Portal');
    await user.click(screen.getByRole('link', { name: 'Go to the start page' }));
    await waitFor(() => expect(window.location.pathname).not.toBe('/returns-typo/123/oops'));
  });
});
