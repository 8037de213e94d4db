import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateStandardForTest } from './test-data';
import { offline } from '../../offline';
import { deviceStore } from '../../offline/testing';
import { TaskListPage } from './task-list-page';

const returnId = '11111111-1111-4111-8111-111111111111';

beforeEach(async () => {
  await offline.clearUserData();
  await deviceStore.returns.put({
    id: returnId,
    cycleId: '22222222-2222-4222-8222-222222222222',
    organisationId: '33333333-3333-4333-8333-333333333333',
    variant: 'full',
    status: 'in_progress',
    catalogueVersion: '2026.1',
    signOff: null,
    carriedFromId: null,
    version: 1,
    statusMessage: '',
    cycle: {
      id: '22222222-2222-4222-8222-222222222222',
      name: 'Audit 2026-27',
      opensOn: '2026-10-01',
      dueOn: '2099-01-31',
      partnershipId: 'p',
    },
    organisation: {
      id: '33333333-3333-4333-8333-333333333333',
      name: 'Northbridge Hospitals',
      sector: 'health',
      subType: null,
    },
  });
  await deviceStore.standards.put({
    returnId,
    standard: 1,
    fields: generateStandardForTest(true),
    server: generateStandardForTest(true),
    baseVersion: 1,
  });
  await deviceStore.standards.put({
    returnId,
    standard: 2,
    fields: { ...generateStandardForTest(false) },
    server: generateStandardForTest(false),
    baseVersion: 1,
  });
});

describe('TaskListPage (from the device’s store)', () => {
  it('shows each standard’s status, the due date and what is done', async () => {
    render(<TaskListPage returnId={returnId} />);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your Section 11 self-assessment' }),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Standards' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(8);
    expect(items[0]).toHaveTextContent('Completed');
    expect(items[1]).toHaveTextContent('In progress');
    expect(items[2]).toHaveTextContent('Not yet started');
    expect(
      screen.getByText('You have completed 1 of 8 standards', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByText('31 January 2099')).toBeInTheDocument();
  });

  it('marks a standard with an unresolved conflict as needing attention', async () => {
    await deviceStore.conflicts.put({
      id: `${returnId}|standard|2|gaps`,
      returnId,
      kind: 'standard',
      key: '2',
      field: 'gaps',
      serverValue: 'theirs',
      yourValue: 'mine',
      version: 3,
    });
    render(<TaskListPage returnId={returnId} />);
    const list = await screen.findByRole('list', { name: 'Standards' });
    expect(within(list).getAllByRole('listitem')[1]).toHaveTextContent('Needs your attention');
  });

  it('flags the standards the partnership asked to change, with its message', async () => {
    await deviceStore.returns.update(returnId, {
      status: 'returned_for_changes',
      statusMessage: 'Please name a deputy lead.',
    });
    await deviceStore.moderations.put({
      returnId,
      standard: 3,
      rag: 'red',
      comment: 'No deputy lead on Saturdays.',
      moderatedBy: 'Sam Reid',
      moderatedAt: '2026-11-20T10:00:00.000Z',
      version: 9,
    });
    render(<TaskListPage returnId={returnId} />);
    const list = await screen.findByRole('list', { name: 'Standards' });
    const items = within(list).getAllByRole('listitem');
    expect(items[2]).toHaveTextContent('Changes asked for');
    expect(items[1]).not.toHaveTextContent('Changes asked for');
    expect(screen.getByText('Please name a deputy lead.')).toBeInTheDocument();
  });

  it('says the return is loading until its first pull has caught up, never "0 of 8"', async () => {
    await deviceStore.standards.clear();
    await deviceStore.returns.update(returnId, { loaded: false });
    render(<TaskListPage returnId={returnId} />);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Loading your return' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/You have completed/)).not.toBeInTheDocument();
  });

  it('shows a change the server could not save, with its content to copy or download, and sends it again at the user’s word', async () => {
    const seq = await deviceStore.outbox.add({
      mutationId: '44444444-4444-4444-8444-444444444444',
      returnId,
      mutation: {
        kind: 'standard',
        mutationId: '44444444-4444-4444-8444-444444444444',
        returnId,
        standard: 4,
        baseVersion: 1,
        changes: { gaps: 'Supervision is monthly' },
      },
      attempts: 8,
      serverErrors: 8,
      state: 'attention',
      problem: { type: 'about:blank', title: 'Server error', status: 500 },
      createdAt: Date.now(),
    });
    render(<TaskListPage returnId={returnId} />);
    const change = await screen.findByTestId('refused-change');
    expect(screen.getByText('A change could not be saved on the server')).toBeInTheDocument();
    expect(change).toHaveTextContent('Standard 4');
    expect(change).toHaveTextContent('The server could not save it (8 tries).');
    expect(change).toHaveTextContent('gaps: Supervision is monthly');
    expect(within(change).getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    expect(within(change).getByRole('button', { name: 'Download' })).toBeInTheDocument();
    fireEvent.click(within(change).getByRole('button', { name: 'Try again' }));
    await waitFor(async () =>
      expect(await deviceStore.outbox.get(seq)).toMatchObject({
        state: 'pending',
        serverErrors: 0,
      }),
    );
  });
});
