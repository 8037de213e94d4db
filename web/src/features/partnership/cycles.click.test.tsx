/**
 * Running a cycle as a partnership manager, by role and label: opening one
 * (name, dates, which organisations are invited and with which form; a due
 * date before the opening date refused on the field) and reminding the
 * organisations that have not submitted.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorSummaryLinks, orgRow, renderConsolePage } from '../../test/console';
import { fakeServer, problem, type Answer } from '../../test/fake-server';
import { Cycles } from './cycles';
import type { CycleRow, ReminderRow, RemindersQueued, TrackerRow } from './data';
import { Tracker } from './tracker';

const pid = '55555555-5555-4555-8555-555555555555';
const cyclesPath = `/api/partnerships/${pid}/cycles`;
const riverside = orgRow({ id: '66666666-6666-4666-8666-666666666666', name: 'Riverside Surgery' });
const acorns = orgRow({
  id: '77777777-7777-4777-8777-777777777777',
  name: 'Acorns Nursery',
  sector: 'early_years',
  usualVariant: 'light',
});
const lastYear: CycleRow = {
  id: '22222222-2222-4222-8222-222222222222',
  partnershipId: pid,
  name: 'Audit 2025-26',
  opensOn: '2025-09-01',
  dueOn: '2026-01-31',
  catalogueVersion: '2026.1',
};

/** The cycles page with a directory of two, and the server's answer to opening a cycle. */
function cyclesServer(open: (body: unknown) => Answer) {
  return fakeServer({
    [`GET ${cyclesPath}`]: () => ({ body: { cycles: [lastYear] } }),
    [`GET /api/partnerships/${pid}/organisations`]: () => ({
      body: { organisations: [acorns, riverside] },
    }),
    [`POST ${cyclesPath}`]: open,
  });
}

async function typeCycle(
  user: ReturnType<typeof userEvent.setup>,
  v: { name: string; opens: string; due: string },
) {
  await user.type(screen.getByLabelText('Name'), v.name);
  await user.type(screen.getByLabelText('Opens'), v.opens);
  await user.type(screen.getByLabelText('Due'), v.due);
}

beforeEach(() => {
  window.history.replaceState(null, '', '/partnership/cycles');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('opening a cycle', { timeout: 30_000 }, () => {
  it('sends the name, the dates and each organisation chosen with its form, then shows the returns', async () => {
    const user = userEvent.setup();
    const server = cyclesServer(() => ({
      status: 201,
      body: { id: '88888888-8888-4888-8888-888888888888' },
    }));
    renderConsolePage(<Cycles pid={pid} canManage />);
    expect(
      await screen.findByText(/opens 1 September 2025, due 31 January 2026/),
    ).toHaveTextContent('Audit 2025-26: opens 1 September 2025, due 31 January 2026');
    await typeCycle(user, { name: 'Audit 2026-27', opens: '2026-09-01', due: '2027-01-31' });

    // Each organisation's form is its usual one unless the manager changes it.
    const riversideForm = screen.getByRole('combobox', { name: 'Form for Riverside Surgery' });
    expect(riversideForm).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Riverside Surgery' }));
    expect(riversideForm).toHaveValue('full');
    await user.selectOptions(riversideForm, 'Light form');
    // A box cleared is not invited; ticked again, it starts from the usual form.
    const acornsBox = screen.getByRole('checkbox', { name: 'Acorns Nursery' });
    await user.click(acornsBox);
    await user.click(acornsBox);
    expect(screen.getByRole('button', { name: /^Open the cycle/ })).toHaveTextContent(
      'Open the cycle and invite 1 organisations',
    );
    await user.click(acornsBox);
    await user.click(
      screen.getByRole('button', { name: 'Open the cycle and invite 2 organisations' }),
    );
    await waitFor(() => expect(window.location.pathname).toBe('/partnership/returns'));
    expect(server.changes()).toEqual([
      {
        method: 'POST',
        path: cyclesPath,
        body: {
          name: 'Audit 2026-27',
          opensOn: '2026-09-01',
          dueOn: '2027-01-31',
          invitations: [
            { organisationId: riverside.id, variant: 'light' },
            { organisationId: acorns.id, variant: 'light' },
          ],
        },
      },
    ]);
  });

  it('a due date before the opening date is refused on the Due field, and nothing is sent', async () => {
    const user = userEvent.setup();
    const server = cyclesServer(() => ({ status: 201, body: {} }));
    renderConsolePage(<Cycles pid={pid} canManage />);
    await typeCycle(user, { name: 'Audit 2026-27', opens: '2026-09-01', due: '2026-08-31' });
    await user.click(screen.getByRole('button', { name: /^Open the cycle/ }));

    expect(await errorSummaryLinks()).toEqual([
      'The due date must be on or after the opening date',
    ]);
    expect(document.title).toBe('Error: Audit cycles - S11 Portal');
    expect(screen.getByLabelText('Due')).toHaveAccessibleDescription(
      'Error: The due date must be on or after the opening date',
    );
    await user.click(
      screen.getByRole('link', { name: 'The due date must be on or after the opening date' }),
    );
    expect(screen.getByLabelText('Due')).toHaveFocus();
    expect(server.changes()).toEqual([]);
    expect(window.location.pathname).toBe('/partnership/cycles');
  });

  it("the server's field-level refusal is put on its field", async () => {
    const user = userEvent.setup();
    cyclesServer(() =>
      problem(422, 'Some answers need correcting', [
        { path: 'name', message: 'There is already a cycle with this name' },
      ]),
    );
    renderConsolePage(<Cycles pid={pid} canManage />);
    await typeCycle(user, { name: 'Audit 2025-26', opens: '2026-09-01', due: '2027-01-31' });
    await user.click(screen.getByRole('button', { name: /^Open the cycle/ }));
    expect(await errorSummaryLinks()).toEqual(['There is already a cycle with this name']);
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(
      'Error: There is already a cycle with this name',
    );
    expect(window.location.pathname).toBe('/partnership/cycles');
  });

  it('a board viewer sees the cycles and no form', async () => {
    cyclesServer(() => ({ status: 201, body: {} }));
    renderConsolePage(<Cycles pid={pid} canManage={false} />);
    expect(await screen.findByText('Audit 2025-26')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Open the cycle/ })).toBeNull();
    expect(screen.queryByLabelText('Due')).toBeNull();
  });
});

describe('reminders', { timeout: 30_000 }, () => {
  const waiting: TrackerRow[] = [];
  const reminder: ReminderRow = {
    id: '99999999-9999-4999-8999-999999999999',
    organisationId: riverside.id,
    organisationName: 'Riverside Surgery',
    to: 'ann@example.org',
    queuedAt: '2026-11-23T09:00:00.000Z',
    delivery: { state: 'sent', attempts: 1, lastAttemptAt: '2026-11-23T09:00:05.000Z' },
  };

  function trackerServer(queued: RemindersQueued) {
    let sent = false;
    return fakeServer({
      [`GET ${cyclesPath}`]: () => ({ body: { cycles: [lastYear] } }),
      [`GET /api/cycles/${lastYear.id}/returns`]: () => ({ body: { returns: waiting } }),
      [`GET /api/cycles/${lastYear.id}/reminders`]: () => ({
        body: { reminders: sent ? [reminder] : [] },
      }),
      [`POST /api/cycles/${lastYear.id}/reminders`]: () => {
        sent = true;
        return { body: queued };
      },
    });
  }

  it('says how many emails were queued, names the organisations nobody could be emailed, and lists each email', async () => {
    const user = userEvent.setup();
    const server = trackerServer({
      organisations: 2,
      reminded: 1,
      emails: 1,
      withoutAddress: [{ id: acorns.id, name: 'Acorns Nursery' }],
      mailDisabled: false,
    });
    renderConsolePage(<Tracker pid={pid} canManage />);
    await user.click(
      await screen.findByRole('button', { name: 'Send reminders to those not yet submitted' }),
    );
    const result = await screen.findByRole('status');
    expect(result).toHaveTextContent('1 reminder email queued for 1 organisation.');
    expect(result).toHaveTextContent(
      '1 organisation has no contact address and nobody to email, so it was not reminded',
    );
    expect(within(result).getByRole('listitem')).toHaveTextContent('Acorns Nursery');
    expect(server.changes()).toEqual([
      { method: 'POST', path: `/api/cycles/${lastYear.id}/reminders`, body: undefined },
    ]);

    // The list of reminder emails is asked for again and shows this one's delivery.
    await user.click(await screen.findByText('Reminder emails for this cycle (1)'));
    const table = screen.getByRole('table', {
      name: 'Reminder emails and their delivery, newest first',
    });
    expect(within(table).getByRole('row', { name: /Riverside Surgery/ })).toHaveTextContent(
      'ann@example.org',
    );
  });

  it('with mail switched off, says no reminder was sent', async () => {
    const user = userEvent.setup();
    trackerServer({
      organisations: 2,
      reminded: 0,
      emails: 0,
      withoutAddress: [],
      mailDisabled: true,
    });
    renderConsolePage(<Tracker pid={pid} canManage />);
    await user.click(
      await screen.findByRole('button', { name: 'Send reminders to those not yet submitted' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'No reminders were sent: this service does not send email.',
    );
  });

  it('a board viewer is offered no reminders', async () => {
    trackerServer({
      organisations: 0,
      reminded: 0,
      emails: 0,
      withoutAddress: [],
      mailDisabled: false,
    });
    renderConsolePage(<Tracker pid={pid} canManage={false} />);
    expect(await screen.findByRole('option', { name: 'Audit 2025-26' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Send reminders/ })).toBeNull();
  });
});
