/**
 * An organisation's people, for its signatory: read once from the server
 * (`useCommand`), refused in words for anyone else.
 */
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offline } from '../../offline';
import { fakeServer, problem } from '../../test/fake-server';
import { OrganisationPeoplePage } from './people-page';

beforeEach(async () => {
  await offline.clearUserData();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("an organisation's people page", { timeout: 30_000 }, () => {
  it("an organisation's people: listed for its signatory, refused in words for anyone else", async () => {
    const orgId = '33333333-3333-4333-8333-333333333333';
    fakeServer({
      [`GET /api/organisations/${orgId}/people`]: () => ({
        body: {
          people: [
            {
              id: '44444444-4444-4444-8444-444444444444',
              name: 'Sam Signer',
              email: 'sam@example.org',
              disabled: false,
              lastSignInAt: null,
              secondFactor: { totp: true },
              roles: ['org_signatory'],
            },
          ],
        },
      }),
    });
    const { unmount } = render(<OrganisationPeoplePage organisationId={orgId} />);
    const table = await screen.findByRole('table', { name: '1 people' });
    expect(table).toHaveTextContent('Sam Signer');
    expect(table).toHaveTextContent('Never');
    unmount();
    fakeServer({
      [`GET /api/organisations/${orgId}/people`]: () => problem(403, 'You cannot see this'),
    });
    render(<OrganisationPeoplePage organisationId={orgId} />);
    expect(
      await screen.findByText('Only the organisation’s signatory can see its people.'),
    ).toBeInTheDocument();
  });
});
