/**
 * The sector x standard roll-up as a manager reads it (issue 15): each cell's
 * two bars named on screen, what "moderated" means said (and said plainly
 * when nothing is moderated yet), a cell's "Returns" taking focus to its list,
 * and the ratings there in words, never codes.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { STANDARD_NUMBERS, rollUp, type Rag } from '@s11/shared';
import type { ReportData } from './data';
import { Rollups } from './rollups';

function report(moderatedFirst: Rag | null): ReportData {
  const rated = [
    { id: 'r1', org: 'Riverside Surgery', first: 'not_rated' as Rag },
    { id: 'r2', org: 'Hillside Practice', first: 'green' as Rag },
  ];
  const rollup = rollUp(
    rated.map((x, i) => ({
      returnId: x.id,
      organisationId: `o${x.id}`,
      sector: 'health' as const,
      ratings: STANDARD_NUMBERS.map((n) => ({
        standard: n,
        self: n === 1 ? x.first : 'green',
        moderated: n === 1 && i === 0 ? moderatedFirst : null,
      })),
    })),
  );
  return {
    partnership: { id: 'p', name: 'Test partnership' },
    cycle: { id: 'c', name: 'Audit 2026-27', opensOn: '2026-10-01', dueOn: '2027-01-31' },
    generatedAt: '2027-02-01T00:00:00.000Z',
    rollup,
    returnRates: [{ sector: 'all', invited: 2, returned: 2, percent: 100 }],
    statusCounts: {
      not_started: 0,
      in_progress: 0,
      submitted: 2,
      returned_for_changes: 0,
      accepted: 0,
    },
    earlyYears: {
      bySettingType: [],
      returned: 0,
      withActions: 0,
      percentWithActions: 0,
      themes: [],
    },
    actions: {
      open: [],
      openCount: 0,
      byStandard: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0 },
      bySector: {},
      overdue: 0,
    },
    areasForDevelopment: [],
    previous: null,
    returns: rated.map((x, i) => ({
      returnId: x.id,
      organisationId: `o${x.id}`,
      organisation: x.org,
      sector: 'health' as const,
      subType: null,
      variant: 'full' as const,
      status: 'submitted' as const,
      updatedAt: '2027-01-20T10:00:00.000Z',
      self: STANDARD_NUMBERS.map((n) => (n === 1 ? x.first : 'green')),
      moderated: STANDARD_NUMBERS.map((n) => (n === 1 && i === 0 ? moderatedFirst : null)),
    })),
  };
}

function show(data: ReportData) {
  const qc = new QueryClient();
  qc.setQueryData(
    ['cycles', 'p'],
    [{ id: 'c', name: 'Audit 2026-27', opensOn: '2026-10-01', dueOn: '2027-01-31' }],
  );
  qc.setQueryData(['report', 'c'], data);
  render(
    <QueryClientProvider client={qc}>
      <Rollups pid="p" />
    </QueryClientProvider>,
  );
}

describe('the roll-ups', { timeout: 30_000 }, () => {
  it('names both bars in a cell, and says nothing is moderated yet', async () => {
    show(report(null));
    const grid = await screen.findByTestId('sector-standard-grid');
    const cell = within(grid).getAllByRole('cell')[0]!;
    expect(within(cell).getByText('Self-rated')).toBeVisible();
    expect(within(cell).getByText('Moderated')).toBeVisible();
    expect(screen.getByTestId('moderation-coverage')).toHaveTextContent(
      'No ratings have been moderated yet, so the moderated bars show the self-ratings.',
    );
  });

  it("a cell's Returns takes focus to its list, with ratings in words", async () => {
    const user = userEvent.setup();
    show(report('amber'));
    expect(await screen.findByTestId('moderation-coverage')).toHaveTextContent(
      '1 of 16 ratings moderated; where none, the self-rating stands.',
    );
    await user.click(screen.getByRole('button', { name: /^Returns ?for Health.*, standard 1$/ }));
    const list = screen.getByTestId('cell-returns');
    await waitFor(() =>
      expect(within(list).getByRole('heading', { name: /^Health.*, standard 1$/ })).toHaveFocus(),
    );
    expect(list).toHaveTextContent(
      'Riverside Surgery (Submitted): self-rated Not rated, moderated Amber',
    );
    expect(list).not.toHaveTextContent('not_rated');
  });
});
