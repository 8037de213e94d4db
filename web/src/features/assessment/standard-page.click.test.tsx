/**
 * The standard page as a person uses it: typing, choosing and clicking, by
 * role and label. What they rely on: what they type is on the device (Dexie)
 * at once, "Save and continue" on a completed standard lists what is missing
 * at the top and each link takes them to the field, and the action plan.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { getStandard } from '@s11/shared';
import { offline } from '../../offline';
import { deviceStore } from '../../offline/testing';
import { returnId, seedReturn } from '../../test/device';
import { StandardPage } from './standard-page';

/** What the device has saved (after the draft saver's pause). */
const stored = () => offline.savedStandardFields(returnId, 3);

beforeEach(async () => {
  await offline.clearUserData();
});

describe('the full form, clicked', { timeout: 30_000 }, () => {
  it('keeps what is typed on the device, and lists what a completed standard still needs', async () => {
    const user = userEvent.setup();
    await seedReturn({ variant: 'full' });
    render(<StandardPage returnId={returnId} standard={3} />);
    await user.type(
      await screen.findByLabelText('Describe your current practice'),
      'A named lead for safeguarding',
    );
    await user.type(screen.getByLabelText('Evidence of improved outcomes'), 'Audit in May');
    await waitFor(async () =>
      expect(await stored()).toMatchObject({
        currentPractice: 'A named lead for safeguarding',
        evidence: 'Audit in May',
      }),
    );
    await user.click(screen.getByRole('radio', { name: 'Amber' }));
    await user.click(screen.getByRole('radio', { name: 'Yes, I’ve completed this section' }));
    await waitFor(async () =>
      expect(await stored()).toMatchObject({ rag: 'amber', completed: true }),
    );

    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(document.title).toMatch(/^Error: 3\. /);
    const links = within(summary).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'Describe the gaps you have found',
      'Add at least one action to your action plan',
    ]);
    await user.click(links[0]!);
    expect(screen.getByLabelText('Gaps you have found')).toHaveFocus();
    expect(screen.getByLabelText('Gaps you have found')).toHaveAccessibleDescription(
      expect.stringContaining('Error: Describe the gaps you have found') as string,
    );
  });

  it('the action plan: a missing answer is said at the top of the action; a saved action is on the device and in the table', async () => {
    const user = userEvent.setup();
    await seedReturn({ variant: 'full' });
    render(<StandardPage returnId={returnId} standard={3} />);
    await user.click(await screen.findByRole('button', { name: 'Add an action' }));
    await user.click(screen.getByRole('button', { name: 'Save action' }));
    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(
      within(summary)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['Say what will be done', 'Say who will do it']);
    await user.click(within(summary).getByRole('link', { name: 'Say who will do it' }));
    expect(screen.getByLabelText('Who will do it')).toHaveFocus();

    await user.type(screen.getByLabelText('What will be done'), 'Train a deputy lead');
    await user.type(screen.getByLabelText('Who will do it'), 'Sam Reid');
    await user.type(screen.getByLabelText('By when'), '2027-03-31');
    await user.selectOptions(screen.getByLabelText('Status'), 'In progress');
    await user.click(screen.getByRole('button', { name: 'Save action' }));

    const table = await screen.findByRole('table', { name: 'Actions for this standard' });
    const row = within(table).getByRole('row', { name: /Train a deputy lead/ });
    expect(row).toHaveTextContent('Sam Reid');
    expect(row).toHaveTextContent('31 March 2027');
    const saved = await deviceStore.actions.toArray();
    expect(saved.map((a) => a.fields)).toEqual([
      {
        standard: 3,
        what: 'Train a deputy lead',
        owner: 'Sam Reid',
        dueOn: '2027-03-31',
        status: 'in_progress',
      },
    ]);

    await user.click(within(row).getByRole('button', { name: /^Remove/ }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(screen.queryByRole('table')).toBeNull());
    expect(screen.getByText('No actions yet.')).toBeInTheDocument();
  });
});

describe('the light form, clicked', { timeout: 30_000 }, () => {
  it('keeps each answer and note on the device, suggests a rating and lists unanswered questions', async () => {
    const user = userEvent.setup();
    await seedReturn({ variant: 'light' });
    const [first, ...rest] = getStandard(3).lightChecks;
    render(<StandardPage returnId={returnId} standard={3} />);
    const group = await screen.findByRole('group', { name: first!.question });
    await user.click(within(group).getByRole('radio', { name: 'Yes' }));
    await waitFor(async () =>
      expect((await stored())?.checks[first!.id]).toEqual({ answer: 'yes', note: '' }),
    );
    await user.click(screen.getByRole('radio', { name: 'Yes, I’ve completed this section' }));
    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    const messages = within(summary)
      .getAllByRole('link')
      .map((l) => l.textContent);
    // Short, specific messages by the question's number, not the whole question again.
    rest.forEach((_, i) =>
      expect(messages).toContain(`Question ${String(i + 2)}: choose yes, partly or no`),
    );
    expect(messages).not.toContain('Question 1: choose yes, partly or no');
    if (rest[0]) {
      expect(screen.getByText('Question 2 of', { exact: false })).toBeVisible();
      await user.click(
        within(summary).getByRole('link', { name: 'Question 2: choose yes, partly or no' }),
      );
      expect(
        within(screen.getByRole('group', { name: rest[0].question })).getByRole('radio', {
          name: 'Yes',
        }),
      ).toHaveFocus();
    }
  });

  it('chooses the suggested rating for them, says why in one line, and lets them change it', async () => {
    const user = userEvent.setup();
    await seedReturn({ variant: 'light' });
    const checks = getStandard(3).lightChecks;
    render(<StandardPage returnId={returnId} standard={3} />);
    expect(await screen.findByTestId('suggested-rag')).toHaveTextContent(
      'Answer the questions above and we will suggest a rating.',
    );
    for (const c of checks)
      await user.click(
        within(screen.getByRole('group', { name: c.question })).getByRole('radio', { name: 'Yes' }),
      );
    await waitFor(() =>
      expect(screen.getByTestId('suggested-rag')).toHaveTextContent(
        'We suggest Green because you answered yes to every question.',
      ),
    );
    // Pre-selected and kept on the device, with no rating options in the way.
    await waitFor(async () => expect((await stored())?.rag).toBe('green'));
    expect(screen.queryByRole('group', { name: 'Your rating' })).toBeNull();
    // While it is still the suggestion, it follows the answers.
    await user.click(
      within(screen.getByRole('group', { name: checks[1]!.question })).getByRole('radio', {
        name: 'Partly',
      }),
    );
    await waitFor(async () => expect((await stored())?.rag).toBe('amber'));
    await waitFor(() =>
      expect(screen.getByTestId('suggested-rag')).toHaveTextContent(
        'We suggest Amber because you answered partly to 1 question.',
      ),
    );
    // Changing it opens the options; a different rating is theirs, with a reason asked for.
    await user.click(screen.getByRole('button', { name: 'Change rating' }));
    const rating = screen.getByRole('group', { name: 'Your rating' });
    expect(within(rating).getByRole('radio', { name: 'Amber' })).toBeChecked();
    await user.click(within(rating).getByRole('radio', { name: 'Green' }));
    await waitFor(async () => expect((await stored())?.rag).toBe('green'));
    expect(
      screen.getByLabelText('Why is your rating different from the suggested one?'),
    ).toBeVisible();
    expect(screen.getByRole('group', { name: 'Your rating' })).toBeVisible();
  });
});
