/**
 * The returns tracker as a partnership manager uses it (issue 15): each
 * organisation's status as a tag, its progress ("3 of 8"), its contact, when
 * it was last reminded and the due date on every row; a search by name and
 * an order to list them in.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderConsolePage } from '../../test/console';
import { fakeServer } from '../../test/fake-server';
import type { CycleRow, TrackerRow } from './data';
import { Tracker } from './tracker';

const pid = '55555555-5555-4555-8555-555555555555';
const cycle: CycleRow = {
  id: '22222222-2222-4222-8222-222222222222',
  partnershipId: pid,
  name: 'Audit 2025-26',
  opensOn: '2025-09-01',
  dueOn: '2026-01-31',
  catalogueVersion: '2026.1',
};

const row = (r: Partial<TrackerRow> & Pick<TrackerRow, 'organisationName'>): TrackerRow => ({
  id: crypto.randomUUID(),
  organisationId: crypto.randomUUID(),
  variant: 'full',
  status: 'in_progress',
  sector: 'health',
  subType: null,
  contactName: '',
  contactEmail: '',
  updatedAt: '2026-01-10T10:00:00.000Z',
  completedStandards: 0,
  lastRemindedAt: null,
  ...r,
});

const returns = [
  row({
    organisationName: 'Riverside Surgery',
    status: 'submitted',
    completedStandards: 8,
    contactName: 'Ann Lee',
    contactEmail: 'ann@example.org',
  }),
  row({
    organisationName: 'Acorns Nursery',
    sector: 'early_years',
    variant: 'light',
    completedStandards: 3,
    lastRemindedAt: '2026-01-20T09:00:00.000Z',
  }),
  row({ organisationName: 'Beacon School', status: 'not_started', sector: 'schools_colleges' }),
];

beforeEach(() => {
  window.history.replaceState(null, '', '/partnership/returns');
  fakeServer({
    [`GET /api/partnerships/${pid}/cycles`]: () => ({ body: { cycles: [cycle] } }),
    [`GET /api/cycles/${cycle.id}/returns`]: () => ({ body: { returns } }),
    [`GET /api/cycles/${cycle.id}/reminders`]: () => ({ body: { reminders: [] } }),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole('link')
    .filter((a) => a.getAttribute('href')?.startsWith('/partnership/returns/'))
    .map((a) => a.textContent);

describe('the returns tracker', { timeout: 30_000 }, () => {
  it('shows status, progress, contact, last reminder and the due date on every row', async () => {
    renderConsolePage(<Tracker pid={pid} canManage />);
    const table = await screen.findByRole('table', { name: '3 returns shown' });
    const acorns = within(table).getByRole('row', { name: /Acorns Nursery/ });
    expect(acorns).toHaveTextContent('In progress');
    expect(acorns).toHaveTextContent('3 of 8');
    expect(acorns).toHaveTextContent('20 January 2026');
    const riverside = within(table).getByRole('row', { name: /Riverside Surgery/ });
    expect(riverside).toHaveTextContent('8 of 8');
    expect(riverside).toHaveTextContent('Never');
    expect(within(riverside).getByRole('link', { name: 'ann@example.org' })).toHaveAttribute(
      'href',
      'mailto:ann@example.org',
    );
    // The due date on every row, submitted or not.
    for (const r of within(table).getAllByRole('row').slice(1))
      expect(r).toHaveTextContent('31 January 2026');
    expect(within(riverside).getByText('Submitted')).toHaveClass('govuk-tag');
  });

  it('finds an organisation by part of its name, and lists them in the order chosen', async () => {
    const user = userEvent.setup();
    renderConsolePage(<Tracker pid={pid} canManage />);
    const table = await screen.findByRole('table', { name: '3 returns shown' });
    expect(names(table)).toEqual(['Acorns Nursery', 'Beacon School', 'Riverside Surgery']);
    await user.selectOptions(screen.getByLabelText('Sort by'), 'Progress (least done first)');
    expect(names(table)).toEqual(['Beacon School', 'Acorns Nursery', 'Riverside Surgery']);
    await user.type(screen.getByLabelText('Organisation name'), 'river');
    const found = screen.getByRole('table', { name: '1 return shown' });
    expect(names(found)).toEqual(['Riverside Surgery']);
  });
});
