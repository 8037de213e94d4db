/**
 * Check your answers and sign-off, as a signatory uses them: by role and
 * label, through the real offline module with an injected fetch. What they
 * rely on: a missing answer is said at the top of the page (focused, "Error:"
 * in the title) and nothing is sent; a complete sign-off is sent to the
 * server as the return's submission and they see where it went.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STANDARD_NUMBERS, type Mutation } from '@s11/shared';
import { offline } from '../../offline';
import { deviceStore } from '../../offline/testing';
import { orgId, returnId, seedReturn } from '../../test/device';
import { fakeServer } from '../../test/fake-server';
import { CheckAnswersPage } from './check-answers-page';
import { generateStandardForTest } from './test-data';

const me = {
  id: '44444444-4444-4444-8444-444444444444',
  email: 'sam@example.org',
  name: 'Sam Reid',
  memberships: [{ scope: 'organisation', role: 'org_signatory', organisationId: orgId }],
  organisations: [],
  partnerships: [],
};

/** A full return with every standard completed, and a signatory signed in on this device. */
async function setUp() {
  await seedReturn({
    organisation: { id: orgId, name: 'Northbridge Hospitals', sector: 'health', subType: null },
  });
  await deviceStore.meta.put({ key: 'me', value: me });
  await deviceStore.standards.bulkPut(
    STANDARD_NUMBERS.map((standard) => ({
      returnId,
      standard,
      fields: generateStandardForTest(true),
      server: generateStandardForTest(true),
      baseVersion: 1,
    })),
  );
}

beforeEach(async () => {
  await offline.clearUserData();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('check your answers and sign off, clicked', { timeout: 30_000 }, () => {
  it('a missing answer is listed at the top of the page, focused, and nothing is sent', async () => {
    const user = userEvent.setup();
    const server = fakeServer({});
    await setUp();
    render(<CheckAnswersPage returnId={returnId} />);
    await user.click(await screen.findByRole('button', { name: 'Sign off and send' }));

    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(document.title).toBe(
      'Error: Check your answers before sending your return - S11 Portal',
    );
    // At the top: before the page's heading, not at the foot of a long page.
    const heading = screen.getByRole('heading', { level: 1 });
    expect(
      summary.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    const links = within(summary).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'Enter your job title',
      'Confirm the declaration to sign off this return',
    ]);
    await user.click(links[1]!);
    expect(screen.getByRole('checkbox', { name: /I confirm that/ })).toHaveFocus();
    expect(screen.getByLabelText('Your job title')).toHaveAccessibleDescription(
      'Error: Enter your job title',
    );
    expect(await deviceStore.outbox.count()).toBe(0);
    expect(server.requests.filter((r) => r.path === '/api/sync/push')).toEqual([]);
  });

  it('a signatory signs off: the submission goes to the server and they are taken to the confirmation', async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      // As the sync route answers: each mutation applied.
      'POST /api/sync/push': (body) => ({
        body: {
          results: (body as { mutations: Mutation[] }).mutations.map((m) => ({
            mutationId: m.mutationId,
            status: 'applied',
            version: 2,
          })),
        },
      }),
      'GET /api/sync/pull': () => ({ body: { changes: [], cursor: '0', hasMore: false } }),
    });
    await setUp();
    render(<CheckAnswersPage returnId={returnId} />);
    // The name is the signed-in person's; they add their job title and the declaration.
    expect(await screen.findByLabelText('Your full name')).toHaveValue('Sam Reid');
    await user.type(screen.getByLabelText('Your job title'), 'Clinical director');
    await user.click(screen.getByRole('checkbox', { name: /I confirm that/ }));
    await user.click(screen.getByRole('button', { name: 'Sign off and send' }));

    await waitFor(() => expect(window.location.pathname).toBe(`/returns/${returnId}/sent`));
    expect(screen.queryByRole('alert')).toBeNull();
    const pushed = server.requests
      .filter((r) => r.method === 'POST' && r.path === '/api/sync/push')
      .flatMap((r) => (r.body as { mutations: Mutation[] }).mutations);
    expect(pushed).toEqual([
      expect.objectContaining({
        returnId,
        kind: 'submit',
        signOff: { name: 'Sam Reid', jobTitle: 'Clinical director', declaration: true },
      }),
    ]);
  });
});
