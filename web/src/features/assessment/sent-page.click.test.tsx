/**
 * The confirmation page a signatory reaches after sending the return: it says
 * whether the return has reached the partnership, gives a reference and the
 * date, says what happens next, and reminds a shared tablet's user to sign out.
 */
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offline } from '../../offline';
import { orgId, returnId, seedReturn } from '../../test/device';
import { returnReference, SentPage } from './sent-page';

beforeEach(async () => {
  await offline.clearUserData();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const organisation = {
  id: orgId,
  name: 'Little Acorns Nursery',
  sector: 'early_years',
  subType: null,
} as const;
const cycle = {
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Section 11 audit 2026-27',
  opensOn: '2026-09-01',
  dueOn: '2027-01-31',
  partnershipId: '55555555-5555-4555-8555-555555555555',
};

describe('the confirmation page', { timeout: 30_000 }, () => {
  it('once the partnership has the return: a panel with the reference, the date it was signed, what happens next', async () => {
    await seedReturn({
      status: 'submitted',
      organisation,
      cycle,
      signOff: {
        name: 'Sam Reid',
        jobTitle: 'Nursery manager',
        declaration: true,
        userId: '44444444-4444-4444-8444-444444444444',
        signedAt: '2027-01-20T10:15:00.000Z',
      },
    });
    render(<SentPage returnId={returnId} />);
    const heading = await screen.findByRole('heading', { level: 1, name: 'Return sent' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(document.title).toBe('Return sent - S11 Portal');
    expect(screen.getByTestId('return-reference')).toHaveTextContent(returnReference(returnId));
    expect(returnReference(returnId)).toBe('S11-1111-1111');
    expect(
      screen.getByText(/Little Acorns Nursery’s Section 11 return for Section 11 audit 2026-27/),
    ).toHaveTextContent('signed off on 20 January 2027');
    expect(screen.getByRole('heading', { level: 2, name: 'What happens next' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'View or print your return' })).toHaveAttribute(
      'href',
      `/returns/${returnId}`,
    );
    expect(screen.getByTestId('shared-device-reminder')).toHaveTextContent(/sign out/);
  });

  it('signed off but not yet sent (offline): says it will be sent, still with a reference', async () => {
    await seedReturn({ status: 'in_progress', organisation, cycle });
    render(<SentPage returnId={returnId} />);
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Your return will be sent when you are back online',
      }),
    ).toBeVisible();
    expect(screen.queryByText('Return sent')).toBeNull();
    expect(screen.getByTestId('return-reference')).toHaveTextContent('S11-1111-1111');
  });
});
