import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LocalReturn } from '../../offline';
import { offline } from '../../offline';
import { deviceStore } from '../../offline/testing';
import { returnId, seedReturn } from '../../test/device';
import { generateStandardForTest } from './test-data';
import { StandardPage } from './standard-page';

/** An open return whose standard 3 is answered in full. */
const setUp = (ret: Partial<LocalReturn>, member: 'organisation' | 'partnership') =>
  seedReturn(ret, { fields: generateStandardForTest(true), member });

const controls = () => [
  ...screen.getAllByRole('radio'),
  ...screen.getAllByRole('textbox'),
  ...screen.queryAllByRole('button', { name: /Add an action|Save and continue/ }),
];

beforeEach(async () => {
  await offline.clearUserData();
});

describe('StandardPage: no doomed edits', () => {
  it('an editor of an open return can change every control', async () => {
    await setUp({}, 'organisation');
    render(<StandardPage returnId={returnId} standard={3} />);
    await screen.findByRole('heading', { level: 1 });
    for (const r of screen.getAllByRole('radio')) expect(r).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Save and continue' })).toBeInTheDocument();
  });

  it.each([
    ['a submitted return', { status: 'submitted' as const }, 'organisation' as const],
    ['a read-only role', {}, 'partnership' as const],
  ])('%s: every rating, answer and "completed" control is disabled', async (_, ret, role) => {
    await setUp(ret, role);
    render(<StandardPage returnId={returnId} standard={3} />);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByTestId('read-only')).toBeInTheDocument();
    for (const c of controls()) {
      if (c.tagName === 'TEXTAREA' || (c.tagName === 'INPUT' && c.getAttribute('type') !== 'radio'))
        expect(c).toHaveAttribute('readonly');
      else expect(c).toBeDisabled();
    }
    expect(screen.queryByRole('button', { name: 'Save and continue' })).not.toBeInTheDocument();
    screen.getByRole('radio', { name: 'Red' }).click();
    screen.getByRole('radio', { name: 'No, I’ll come back to it later' }).click();
    expect(await deviceStore.outbox.count()).toBe(0);
  });

  it('shows the partnership’s rating and comment where the user edits', async () => {
    await setUp(
      { status: 'returned_for_changes', statusMessage: 'See standard 3.' },
      'organisation',
    );
    await deviceStore.moderations.put({
      returnId,
      standard: 3,
      rag: 'red',
      comment: 'No deputy lead on Saturdays.',
      moderatedBy: 'Sam Reid',
      moderatedAt: '2026-11-20T10:00:00.000Z',
      version: 9,
    });
    render(<StandardPage returnId={returnId} standard={3} />);
    const view = await screen.findByTestId('partnership-view');
    expect(view).toHaveTextContent('Changes asked for by the partnership');
    expect(view).toHaveTextContent('Red');
    expect(view).toHaveTextContent('No deputy lead on Saturdays.');
    // Returned for changes: editable again.
    expect(screen.getByRole('radio', { name: 'Red' })).toBeEnabled();
  });
});
