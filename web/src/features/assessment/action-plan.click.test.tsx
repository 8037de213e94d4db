/**
 * The action plan on the full form, as an editor uses it, by role and label:
 * adding, changing and removing an action, and the messages when an action
 * is incomplete. What they rely on: the table shows the change at once, the
 * device keeps it, and the outbox holds exactly what the server will be sent
 * (a new action whole, a change to a synced one as only what changed, a
 * removal against the version the device had).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { offline } from '../../offline';
import { deviceStore } from '../../offline/testing';
import { errorSummaryLinks, withHidden } from '../../test/console';
import { returnId, seedReturn, type SyncedAction } from '../../test/device';
import { StandardPage } from './standard-page';

const deputy: SyncedAction = {
  id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  baseVersion: 3,
  fields: {
    standard: 3,
    what: 'Train a deputy lead',
    owner: 'Sam Reid',
    dueOn: '2027-03-31',
    status: 'not_started',
  },
};

/** What the device will send, oldest first. */
const outbox = async () => (await deviceStore.outbox.toArray()).map((e) => e.mutation);

const actionsTable = () => screen.findByRole('table', { name: 'Actions for this standard' });

/** Opens "Change" on the synced action: its table, and the action's form. */
async function changeDeputy(user: ReturnType<typeof userEvent.setup>) {
  const table = await actionsTable();
  await user.click(
    within(table).getByRole('button', {
      name: withHidden('Change', 'action: Train a deputy lead'),
    }),
  );
  return { table, action: within(screen.getByRole('group', { name: 'Action' })) };
}

beforeEach(async () => {
  await offline.clearUserData();
});

describe('the action plan, clicked', { timeout: 30_000 }, () => {
  it('a new action is added to the table and queued whole', async () => {
    const user = userEvent.setup();
    await seedReturn();
    render(<StandardPage returnId={returnId} standard={3} />);
    await user.click(await screen.findByRole('button', { name: 'Add an action' }));
    const action = within(screen.getByRole('group', { name: 'Action' }));
    await user.type(action.getByLabelText('What will be done'), 'Audit the referrals');
    await user.type(action.getByLabelText('Who will do it'), 'Kim Ade');
    await user.click(action.getByRole('button', { name: 'Save action' }));

    const row = within(await actionsTable()).getByRole('row', { name: /Audit the referrals/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .slice(0, 4)
        .map((c) => c.textContent),
    ).toEqual(['Audit the referrals', 'Kim Ade', 'Not set', 'Not started']);
    expect(screen.queryByRole('group', { name: 'Action' })).toBeNull();
    await waitFor(async () =>
      expect(await outbox()).toEqual([
        expect.objectContaining({
          kind: 'action',
          returnId,
          baseVersion: 0,
          changes: {
            standard: 3,
            what: 'Audit the referrals',
            owner: 'Kim Ade',
            dueOn: '',
            status: 'not_started',
          },
        }),
      ]),
    );
  });

  it('changing a synced action shows its answers, and queues only what changed', async () => {
    const user = userEvent.setup();
    await seedReturn({}, { actions: [deputy] });
    render(<StandardPage returnId={returnId} standard={3} />);
    const { table, action } = await changeDeputy(user);
    expect(action.getByLabelText('What will be done')).toHaveValue('Train a deputy lead');
    expect(action.getByLabelText('By when')).toHaveValue('2027-03-31');
    await user.selectOptions(action.getByLabelText('Status'), 'Done');
    await user.clear(action.getByLabelText('Who will do it'));
    await user.type(action.getByLabelText('Who will do it'), 'Ria Patel');
    await user.click(action.getByRole('button', { name: 'Save action' }));

    await waitFor(() =>
      expect(within(table).getByRole('row', { name: /Train a deputy lead/ })).toHaveTextContent(
        'Ria Patel',
      ),
    );
    expect(within(table).getByRole('row', { name: /Train a deputy lead/ })).toHaveTextContent(
      'Done',
    );
    await waitFor(async () =>
      expect(await outbox()).toEqual([
        expect.objectContaining({
          kind: 'action',
          actionId: deputy.id,
          baseVersion: 3,
          changes: { owner: 'Ria Patel', status: 'done' },
        }),
      ]),
    );
  });

  it('an incomplete change is refused on its field and at the top of the action; Cancel keeps the action as it was', async () => {
    const user = userEvent.setup();
    await seedReturn({}, { actions: [deputy] });
    render(<StandardPage returnId={returnId} standard={3} />);
    const { table, action } = await changeDeputy(user);
    await user.clear(action.getByLabelText('What will be done'));
    await user.click(action.getByRole('button', { name: 'Save action' }));

    expect(await errorSummaryLinks()).toEqual(['Say what will be done']);
    expect(action.getByLabelText('What will be done')).toHaveAccessibleDescription(
      'Error: Say what will be done',
    );
    await user.click(action.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Action' })).toBeNull();
    expect(within(table).getByRole('row', { name: /Train a deputy lead/ })).toHaveTextContent(
      'Sam Reid',
    );
    expect(await outbox()).toEqual([]);
    expect((await deviceStore.actions.get(deputy.id))?.fields).toEqual(deputy.fields);
  });

  it('Remove asks first: Cancel keeps the action, nothing is queued', async () => {
    const user = userEvent.setup();
    await seedReturn({}, { actions: [deputy] });
    render(<StandardPage returnId={returnId} standard={3} />);
    const table = await actionsTable();
    await user.click(
      within(table).getByRole('button', {
        name: withHidden('Remove', 'action: Train a deputy lead'),
      }),
    );
    const question = screen.getByRole('heading', {
      name: 'Remove the action “Train a deputy lead”?',
    });
    await waitFor(() => expect(question).toHaveFocus());
    await user.click(
      within(screen.getByTestId('remove-action')).getByRole('button', { name: 'Cancel' }),
    );
    expect(screen.queryByTestId('remove-action')).toBeNull();
    expect(within(table).getByRole('row', { name: /Train a deputy lead/ })).toBeInTheDocument();
    expect(await outbox()).toEqual([]);
  });

  it('removing a synced action, once confirmed, takes it off the table and queues its removal', async () => {
    const user = userEvent.setup();
    await seedReturn({}, { actions: [deputy] });
    render(<StandardPage returnId={returnId} standard={3} />);
    const table = await actionsTable();
    await user.click(
      within(table).getByRole('button', {
        name: withHidden('Remove', 'action: Train a deputy lead'),
      }),
    );
    expect(await outbox()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Yes, remove it' }));
    expect(await screen.findByText('No actions yet.')).toBeInTheDocument();
    expect(await outbox()).toEqual([
      expect.objectContaining({ kind: 'action_delete', actionId: deputy.id, baseVersion: 3 }),
    ]);
  });

  it('a submitted return shows its actions with nothing to add, change or remove', async () => {
    await seedReturn({ status: 'submitted' }, { actions: [deputy] });
    render(<StandardPage returnId={returnId} standard={3} />);
    const table = await actionsTable();
    expect(within(table).getByRole('row', { name: /Train a deputy lead/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add an action' })).toBeNull();
    expect(within(table).queryByRole('button')).toBeNull();
  });
});
