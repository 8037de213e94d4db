import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { STANDARD_NUMBERS, rollUp, type Rag } from '@s11/shared';
import { Overview } from './overview';
import type { ReportData } from './data';

const rating = (r: Rag): Rag => r;

/** The seeds' 2024-25 figure, through the shared roll-up: 24 all-Green returns and 8 with 3 Amber and 1 Not rated. */
function seedsReport(): ReportData {
  const returns = Array.from({ length: 32 }, (_, i) => ({
    returnId: String(i),
    organisationId: `o${String(i)}`,
    sector: 'health' as const,
    ratings: STANDARD_NUMBERS.map((n) => ({
      standard: n,
      self: rating(i < 24 || n <= 4 ? 'green' : n === 8 ? 'not_rated' : 'amber'),
      moderated: null,
    })),
  }));
  const rollup = rollUp(returns);
  return {
    partnership: { id: 'p', name: 'Test partnership' },
    cycle: { id: 'c', name: 'Audit 2024-25', opensOn: '2024-10-01', dueOn: '2025-01-31' },
    generatedAt: '2025-02-01T00:00:00.000Z',
    rollup,
    returnRates: [{ sector: 'all', invited: 40, returned: 32, percent: 80 }],
    statusCounts: {
      not_started: 8,
      in_progress: 0,
      submitted: 32,
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
    returns: [],
  };
}

describe('the console overview', () => {
  it("shows the seeds' 87.5 / 9.4 / 3.1 exactly as the shared roll-up computes them", async () => {
    const qc = new QueryClient();
    qc.setQueryData(
      ['cycles', 'p'],
      [{ id: 'c', name: 'Audit 2024-25', opensOn: '2024-10-01', dueOn: '2025-01-31' }],
    );
    qc.setQueryData(['report', 'c'], seedsReport());
    render(
      <QueryClientProvider client={qc}>
        <Overview pid="p" name="Test partnership" />
      </QueryClientProvider>,
    );
    const table = await screen.findByTestId('overall-rollup');
    const self = within(table).getByRole('row', { name: /Self-rated/ });
    expect(
      within(self)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['87.5% (224)', '9.4% (24)', '0.0% (0)', '3.1% (8)']);
    expect(
      screen.getByText(/32 of 40 organisations have returned their audit \(80.0%\)/),
    ).toBeInTheDocument();
  });
});
