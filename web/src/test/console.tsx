/**
 * Helpers for the console's click tests: a page rendered as the console
 * renders it (inside TanStack Query), with a client of its own per test so
 * nothing is cached from one test to the next, and no retry, so a refused
 * request is shown at once.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';
import type { ReactElement } from 'react';
import type { OrgRow } from '../features/partnership/data';

export function renderConsolePage(page: ReactElement) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(<QueryClientProvider client={client}>{page}</QueryClientProvider>);
}

/**
 * The accessible name of a control whose context is visually hidden
 * ("Change<span class="govuk-visually-hidden"> Riverside</span>"). Browsers
 * read "Change Riverside"; jsdom's dom-accessibility-api trims the hidden
 * span's leading space ("ChangeRiverside", dom-accessibility-api#1075), so
 * the space is optional here.
 */
export function withHidden(visible: string, hidden: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc(visible)} ?${esc(hidden)}$`);
}

/**
 * The error summary after a failed submit: shown, focused (GOV.UK), and the
 * text of each of its links, in order.
 */
export async function errorSummaryLinks(): Promise<string[]> {
  const summary = await screen.findByRole('alert', { name: 'There is a problem' });
  await waitFor(() => expect(summary).toHaveFocus());
  return within(summary)
    .getAllByRole('link')
    .map((l) => l.textContent);
}

/** One row of the organisation directory, as the server lists it. */
export const orgRow = (o: Partial<OrgRow> & Pick<OrgRow, 'id' | 'name'>): OrgRow => ({
  sector: 'health',
  subType: null,
  usualVariant: 'full',
  contactName: '',
  contactEmail: '',
  ...o,
});
