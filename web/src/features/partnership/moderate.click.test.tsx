/**
 * Moderation as a partnership manager uses it: by role and label, through
 * the console's queries and the offline module with an injected fetch. What
 * they rely on: their rating and comment for a standard reach the server, a
 * missing rating is said before anything is sent, and the server's
 * field-level refusal of a decision lands on the field it names.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STANDARD_NUMBERS, returnCompleteness, type StandardFields } from '@s11/shared';
import { renderConsolePage } from '../../test/console';
import { fakeServer, problem } from '../../test/fake-server';
import { ModerateReturn } from './moderate';
import type { FullReturn } from './data';

const returnId = '11111111-1111-4111-8111-111111111111';
const orgId = '33333333-3333-4333-8333-333333333333';

const fields: StandardFields = {
  currentPractice: 'A named board lead',
  evidence: 'Board minutes',
  gaps: '',
  checks: {},
  rag: 'green',
  ragReason: '',
  completed: true,
};

/** A submitted full return, as GET /api/returns/{id} answers it. */
function submittedReturn(): FullReturn {
  const standards = STANDARD_NUMBERS.map((standard) => ({
    returnId,
    standard,
    fields,
    version: 1,
  }));
  return {
    return: {
      id: returnId,
      cycleId: '22222222-2222-4222-8222-222222222222',
      organisationId: orgId,
      variant: 'full',
      status: 'submitted',
      catalogueVersion: '2026.1',
      signOff: {
        name: 'Sam Reid',
        jobTitle: 'Clinical director',
        declaration: true,
        userId: '44444444-4444-4444-8444-444444444444',
        signedAt: '2026-11-20T10:00:00.000Z',
      },
      carriedFromId: null,
      version: 3,
    },
    statusMessage: '',
    updatedAt: '2026-11-20T10:00:00.000Z',
    cycle: {
      id: '22222222-2222-4222-8222-222222222222',
      name: 'Audit 2026-27',
      opensOn: '2026-10-01',
      dueOn: '2027-01-31',
      partnershipId: '55555555-5555-4555-8555-555555555555',
    },
    organisation: { id: orgId, name: 'Northbridge Hospitals', sector: 'health', subType: null },
    standards,
    actions: [],
    moderations: [],
    completeness: returnCompleteness(
      'full',
      Object.fromEntries(standards.map((s) => [s.standard, s.fields])),
      [],
    ),
  };
}

function renderPage() {
  renderConsolePage(<ModerateReturn returnId={returnId} canManage />);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('moderating a return, clicked', { timeout: 30_000 }, () => {
  it('a rating and comment for a standard are sent; without a rating, the form says so first', async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      [`GET /api/returns/${returnId}`]: () => ({ body: submittedReturn() }),
      [`PUT /api/returns/${returnId}/moderation/1`]: (body) => ({
        body: {
          returnId,
          standard: 1,
          ...(body as object),
          moderatedBy: 'Pat Manager',
          moderatedAt: '2026-11-21T10:00:00.000Z',
          version: 4,
        },
      }),
    });
    renderPage();
    const save = await screen.findByRole('button', { name: 'Save moderation for standard 1' });
    await user.click(save);
    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    await user.click(
      within(summary).getByRole('link', { name: 'Choose the partnership’s rating' }),
    );
    const group = screen.getByRole('group', { name: 'Partnership rating for standard 1' });
    expect(within(group).getByRole('radio', { name: 'Green' })).toHaveFocus();
    expect(server.requests.filter((r) => r.method === 'PUT')).toEqual([]);

    await user.click(within(group).getByRole('radio', { name: 'Amber' }));
    await user.type(
      screen.getByLabelText('Comment for standard 1'),
      'Board reporting is not yet evidenced.',
    );
    await user.click(save);
    await waitFor(() =>
      expect(server.requests).toContainEqual({
        method: 'PUT',
        path: `/api/returns/${returnId}/moderation/1`,
        body: { rag: 'amber', comment: 'Board reporting is not yet evidenced.' },
      }),
    );
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('a decision the server refuses shows its message on the message field, at the top of the page', async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      [`GET /api/returns/${returnId}`]: () => ({ body: submittedReturn() }),
      // As server/src/resources/returns/moderation.ts refuses a return with no message.
      [`POST /api/returns/${returnId}/status`]: (body) =>
        (body as { message: string }).message
          ? { body: { ok: true } }
          : problem(422, 'Some answers need correcting', [
              { path: 'message', message: 'Tell the organisation what to change' },
            ]),
    });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Return it for changes' }));

    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(document.title).toBe('Error: Northbridge Hospitals - S11 Portal');
    const link = within(summary).getByRole('link', {
      name: 'Tell the organisation what to change',
    });
    const message = screen.getByLabelText(
      'Message to the organisation (needed to return it for changes)',
    );
    expect(message).toHaveAccessibleDescription('Error: Tell the organisation what to change');
    expect(message).toHaveAttribute('aria-invalid', 'true');
    await user.click(link);
    expect(message).toHaveFocus();

    await user.type(message, 'Please add evidence for standard 1.');
    await user.click(screen.getByRole('button', { name: 'Return it for changes' }));
    await waitFor(() =>
      expect(server.requests).toContainEqual({
        method: 'POST',
        path: `/api/returns/${returnId}/status`,
        body: { status: 'returned_for_changes', message: 'Please add evidence for standard 1.' },
      }),
    );
    expect(
      server.requests.filter((r) => r.path === `/api/returns/${returnId}/status`),
    ).toHaveLength(2);
  });

  it('shows the ratings at a glance first, and says when the return has been accepted', async () => {
    const user = userEvent.setup();
    let accepted = false;
    const server = fakeServer({
      [`GET /api/returns/${returnId}`]: () => {
        const r = submittedReturn();
        return {
          body: {
            ...r,
            return: { ...r.return, status: accepted ? 'accepted' : 'submitted' },
            moderations: [
              {
                returnId,
                standard: 2,
                rag: 'amber',
                comment: 'Supervision records are thin',
                version: 2,
              },
            ],
          },
        };
      },
      [`POST /api/returns/${returnId}/status`]: () => {
        accepted = true;
        return { body: { ok: true } };
      },
    });
    renderPage();
    const summary = await screen.findByRole('table', { name: 'Ratings by standard' });
    const second = within(summary).getAllByRole('row')[2]!;
    expect(
      within(second)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Green', 'Amber']);
    expect(within(summary).getAllByRole('row')[1]).toHaveTextContent('Not moderated');
    // The back link comes before the page's heading.
    const back = screen.getByRole('link', { name: 'Back to returns' });
    const heading = screen.getByRole('heading', { level: 1 });
    expect(back.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Accept the return' }));
    expect(await screen.findByTestId('decision-done')).toHaveTextContent('Return accepted.');
    // Once accepted, the decision is no longer offered.
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Accept the return' })).toBeNull(),
    );
    expect(server.changes()).toEqual([
      {
        method: 'POST',
        path: `/api/returns/${returnId}/status`,
        body: { status: 'accepted', message: '' },
      },
    ]);
  });
});
