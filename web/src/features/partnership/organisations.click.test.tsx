/**
 * The organisation directory as a partnership manager uses it, by role and
 * label: adding an organisation (what the server receives, its field-level
 * refusals on the fields and in the summary), importing a CSV file (preview,
 * then confirm), the directory table and inviting someone.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorSummaryLinks, orgRow, renderConsolePage, withHidden } from '../../test/console';
import { fakeServer, problem, type Answer } from '../../test/fake-server';
import type { InvitationSent, OrgRow } from './data';
import { Organisations } from './organisations';

const pid = '55555555-5555-4555-8555-555555555555';
const orgsPath = `/api/partnerships/${pid}/organisations`;

const riverside = orgRow({
  id: '66666666-6666-4666-8666-666666666666',
  name: 'Riverside Surgery',
  contactName: 'Ann Lee',
  contactEmail: 'ann@example.org',
});
const acorns = orgRow({
  id: '77777777-7777-4777-8777-777777777777',
  name: 'Acorns Nursery',
  sector: 'early_years',
  subType: 'private_day_nursery',
  usualVariant: 'light',
});

/** A directory the test can add to, answering as the server does. */
function directory(initial: OrgRow[], post?: (body: unknown) => Answer) {
  const list = [...initial];
  return fakeServer({
    [`GET ${orgsPath}`]: () => ({ body: { organisations: list } }),
    [`POST ${orgsPath}`]: (body) => {
      if (post) return post(body);
      const added = { id: '88888888-8888-4888-8888-888888888888', ...(body as object) };
      list.push(added as OrgRow);
      return { status: 201, body: added };
    },
  });
}

async function openAddForm(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Add an organisation' }));
  return within(screen.getByRole('form', { name: 'Add an organisation' }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the organisation directory', { timeout: 30_000 }, () => {
  it('lists each organisation with its sector, type, usual form and contact', async () => {
    directory([acorns, riverside]);
    renderConsolePage(<Organisations pid={pid} canManage={false} />);
    const table = await screen.findByRole('table', { name: '2 organisations' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['Acorns Nursery', 'Early years', 'Private day nursery', 'Light form', ''],
      ['Riverside Surgery', 'Health', '', 'Full form', 'Ann Lee, ann@example.org'],
    ]);
    // A board viewer reads; nothing to add, import, invite or change.
    expect(screen.queryByRole('button', { name: 'Add an organisation' })).toBeNull();
    expect(screen.queryByText('Import organisations from a CSV file')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Change/ })).toBeNull();
  });
});

describe('adding and changing an organisation', { timeout: 30_000 }, () => {
  it('sends what the manager typed and chose, then shows it in the directory', async () => {
    const user = userEvent.setup();
    const server = directory([riverside]);
    renderConsolePage(<Organisations pid={pid} canManage />);
    const form = await openAddForm(user);
    await user.type(form.getByLabelText('Name'), 'Little Oaks');
    await user.selectOptions(form.getByLabelText('Sector'), 'Early years');
    await user.selectOptions(form.getByLabelText('Type'), 'Childminder');
    await user.selectOptions(form.getByLabelText('Usual form'), 'Light form');
    await user.type(form.getByLabelText('Contact name'), 'Jo Park');
    await user.type(form.getByLabelText('Contact email'), 'jo@example.org');
    await user.click(form.getByRole('button', { name: 'Save organisation' }));

    const table = await screen.findByRole('table', { name: '2 organisations' });
    expect(within(table).getByRole('row', { name: /Little Oaks/ })).toHaveTextContent(
      'Little OaksEarly yearsChildminderLight formJo Park, jo@example.org',
    );
    expect(server.changes()).toEqual([
      {
        method: 'POST',
        path: orgsPath,
        body: {
          name: 'Little Oaks',
          sector: 'early_years',
          subType: 'childminder',
          usualVariant: 'light',
          contactName: 'Jo Park',
          contactEmail: 'jo@example.org',
        },
      },
    ]);
    // The form closes once saved.
    expect(screen.queryByRole('form', { name: 'Add an organisation' })).toBeNull();
  });

  it("a server's field-level refusal lands on its field and in the summary at the top, focused", async () => {
    const user = userEvent.setup();
    const server = directory([riverside], () =>
      problem(422, 'Some answers need correcting', [
        { path: 'name', message: 'There is already an organisation with this name' },
        { path: 'contactEmail', message: 'Enter an email address this service can send to' },
      ]),
    );
    renderConsolePage(<Organisations pid={pid} canManage />);
    const form = await openAddForm(user);
    await user.type(form.getByLabelText('Name'), 'Riverside Surgery');
    await user.type(form.getByLabelText('Contact email'), 'ann@example.org');
    await user.click(form.getByRole('button', { name: 'Save organisation' }));

    expect(await errorSummaryLinks()).toEqual([
      'There is already an organisation with this name',
      'Enter an email address this service can send to',
    ]);
    expect(form.getByLabelText('Name')).toHaveAccessibleDescription(
      'Error: There is already an organisation with this name',
    );
    expect(form.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    await user.click(
      screen.getByRole('link', { name: 'Enter an email address this service can send to' }),
    );
    expect(form.getByLabelText('Contact email')).toHaveFocus();
    // Nothing is lost: the form stays open with what was typed, ready to correct.
    expect(form.getByLabelText('Name')).toHaveValue('Riverside Surgery');
    expect(form.getByRole('button', { name: 'Save organisation' })).toBeEnabled();
    expect(server.changes()).toHaveLength(1);
  });

  it('what the page itself refuses is said before anything is sent', async () => {
    const user = userEvent.setup();
    const server = directory([]);
    renderConsolePage(<Organisations pid={pid} canManage />);
    const form = await openAddForm(user);
    await user.type(form.getByLabelText('Contact email'), 'not an email');
    await user.click(form.getByRole('button', { name: 'Save organisation' }));
    expect(await errorSummaryLinks()).toEqual([
      'Enter a value',
      'Enter an email address, like name@example.org',
    ]);
    expect(form.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(server.changes()).toEqual([]);
  });

  it('a type chosen for one sector is dropped when the sector changes, so the form still saves', async () => {
    // The defect behind "the organisation form never sent its POST": the old
    // sector's type stayed in the form, the shared schema refused it, and the
    // message pointed at a Type field no longer on the page.
    const user = userEvent.setup();
    const server = directory([]);
    renderConsolePage(<Organisations pid={pid} canManage />);
    const form = await openAddForm(user);
    await user.type(form.getByLabelText('Name'), 'Town Hall');
    await user.selectOptions(form.getByLabelText('Sector'), 'Local authority');
    await user.selectOptions(form.getByLabelText('Type'), 'Housing');
    await user.selectOptions(form.getByLabelText('Sector'), 'Early years');
    expect(form.getByLabelText('Type')).toHaveValue('');
    await user.selectOptions(form.getByLabelText('Sector'), 'Health');
    expect(form.queryByLabelText('Type')).toBeNull();
    await user.click(form.getByRole('button', { name: 'Save organisation' }));
    await waitFor(() =>
      expect(server.changes().map((r) => r.body)).toEqual([
        expect.objectContaining({ name: 'Town Hall', sector: 'health', subType: null }),
      ]),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('"Change" opens the organisation with its answers and sends the change to that organisation', async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      [`GET ${orgsPath}`]: () => ({ body: { organisations: [acorns] } }),
      [`PUT /api/organisations/${acorns.id}`]: (body) => ({
        body: { id: acorns.id, ...(body as object) },
      }),
    });
    renderConsolePage(<Organisations pid={pid} canManage />);
    await user.click(
      await screen.findByRole('button', { name: withHidden('Change', 'Acorns Nursery') }),
    );
    const form = within(screen.getByRole('form', { name: 'Change Acorns Nursery' }));
    expect(form.getByLabelText('Type')).toHaveValue('private_day_nursery');
    expect(form.getByLabelText('Usual form')).toHaveValue('light');
    await user.type(form.getByLabelText('Contact name'), 'Priya Shah');
    await user.click(form.getByRole('button', { name: 'Save organisation' }));
    await waitFor(() =>
      expect(screen.queryByRole('form', { name: 'Change Acorns Nursery' })).toBeNull(),
    );
    expect(server.changes()).toEqual([
      {
        method: 'PUT',
        path: `/api/organisations/${acorns.id}`,
        body: {
          name: 'Acorns Nursery',
          sector: 'early_years',
          subType: 'private_day_nursery',
          usualVariant: 'light',
          contactName: 'Priya Shah',
          contactEmail: '',
        },
      },
    ]);
  });
});

describe('importing organisations from a CSV file', { timeout: 30_000 }, () => {
  const csv =
    'Name,Sector,Type,Form,Contact name,Contact email\nA,Health,,Full,,\nB,Police,,Light,,\n';
  const listing = (problems: string[][]) => ({
    total: problems.length,
    problems: problems.filter((p) => p.length).length,
    rows: problems.map((p, i) => ({
      line: i + 2,
      values: { Name: String.fromCharCode(65 + i) },
      problems: p,
    })),
    unlisted: 0,
    unlistedProblems: 0,
  });
  const choose = async (user: ReturnType<typeof userEvent.setup>) => {
    await user.click(screen.getByText('Import organisations from a CSV file'));
    await user.upload(
      screen.getByLabelText('CSV file'),
      new File([csv], 'organisations.csv', { type: 'text/csv' }),
    );
  };

  it('previews the file, and imports it only when the manager confirms', async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      [`GET ${orgsPath}`]: () => ({ body: { organisations: [] } }),
      [`POST ${orgsPath}/import`]: (body) => {
        const { dryRun } = body as { dryRun: boolean };
        return {
          status: dryRun ? 200 : 201,
          body: { saved: dryRun ? 0 : 2, ...listing([[], []]) },
        };
      },
    });
    renderConsolePage(<Organisations pid={pid} canManage />);
    await choose(user);

    const preview = await screen.findByRole('table', { name: '2 rows; 0 with problems' });
    expect(
      within(preview)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual(['2AReady to import', '3BReady to import']);
    expect(server.changes()).toEqual([
      { method: 'POST', path: `${orgsPath}/import`, body: { csv, dryRun: true } },
    ]);

    await user.click(screen.getByRole('button', { name: 'Import 2 organisations' }));
    expect(await screen.findByRole('status')).toHaveTextContent('2 organisations imported.');
    expect(server.changes().map((r) => r.body)).toEqual([
      { csv, dryRun: true },
      { csv, dryRun: false },
    ]);
    expect(screen.queryByRole('table', { name: /rows;/ })).toBeNull();
  });

  it("a file with problems shows each row's problem and offers no import", async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      [`GET ${orgsPath}`]: () => ({ body: { organisations: [] } }),
      [`POST ${orgsPath}/import`]: () => ({
        body: { saved: 0, ...listing([[], ['Sector: choose one of the listed sectors']]) },
      }),
    });
    renderConsolePage(<Organisations pid={pid} canManage />);
    await choose(user);
    const preview = await screen.findByRole('table', { name: '2 rows; 1 with problems' });
    expect(within(preview).getByRole('row', { name: /^3 B/ })).toHaveTextContent(
      'Sector: choose one of the listed sectors',
    );
    expect(
      screen.getByText(
        'Fix the problems in your file and choose it again. Nothing has been saved.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
    expect(server.changes()).toHaveLength(1);
  });

  it("a file with the wrong columns is refused with the server's words", async () => {
    const user = userEvent.setup();
    const columns =
      'The first row must name the columns: Name, Sector, Type, Form, Contact name, Contact email';
    fakeServer({
      [`GET ${orgsPath}`]: () => ({ body: { organisations: [] } }),
      // As the server answers a file whose first row is not the template's.
      [`POST ${orgsPath}/import`]: () =>
        problem(
          422,
          'The file does not have the right columns',
          [{ path: 'csv', message: columns }],
          columns,
        ),
    });
    renderConsolePage(<Organisations pid={pid} canManage />);
    await choose(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(columns);
    expect(screen.queryByRole('table', { name: /rows;/ })).toBeNull();
  });
});

describe('inviting someone', { timeout: 30_000 }, () => {
  it('sends the invitation for an organisation role and, with mail off, gives the link to pass on', async () => {
    const user = userEvent.setup();
    const sent: InvitationSent = {
      id: '99999999-9999-4999-8999-999999999999',
      email: 'jo@example.org',
      role: 'org_signatory',
      existingAccount: false,
      expiresAt: '2026-12-07T12:00:00.000Z',
      delivery: { state: 'queued', attempts: 0, lastAttemptAt: null },
      mailDisabled: true,
      link: 'http://localhost/invitation#token',
      message: 'Pass this link on',
    };
    const server = fakeServer({
      [`GET ${orgsPath}`]: () => ({ body: { organisations: [acorns, riverside] } }),
      [`POST /api/partnerships/${pid}/invitations`]: () => ({ status: 201, body: sent }),
    });
    renderConsolePage(<Organisations pid={pid} canManage />);
    await screen.findByRole('table', { name: '2 organisations' });
    await user.click(screen.getByText('Invite someone'));
    await user.type(screen.getByLabelText('Email address'), 'jo@example.org');
    await user.selectOptions(screen.getByLabelText('Role'), 'Organisation signatory');
    await user.selectOptions(screen.getByLabelText('Organisation'), 'Riverside Surgery');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));

    expect(await screen.findByLabelText('Set-up link for jo@example.org')).toHaveValue(
      'http://localhost/invitation#token',
    );
    expect(server.changes()).toEqual([
      {
        method: 'POST',
        path: `/api/partnerships/${pid}/invitations`,
        body: {
          email: 'jo@example.org',
          name: '',
          role: 'org_signatory',
          organisationId: riverside.id,
        },
      },
    ]);
  });

  it("an organisation role with no organisation: the server's message is on the Organisation field", async () => {
    const user = userEvent.setup();
    const server = fakeServer({
      [`GET ${orgsPath}`]: () => ({ body: { organisations: [riverside] } }),
      [`POST /api/partnerships/${pid}/invitations`]: () =>
        problem(422, 'Some answers need correcting', [
          { path: 'organisationId', message: 'Choose the organisation this person works for' },
        ]),
    });
    renderConsolePage(<Organisations pid={pid} canManage />);
    await user.click(screen.getByText('Invite someone'));
    await user.type(screen.getByLabelText('Email address'), 'jo@example.org');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await errorSummaryLinks()).toEqual(['Choose the organisation this person works for']);
    expect(screen.getByLabelText('Organisation')).toHaveAccessibleDescription(
      'Error: Choose the organisation this person works for',
    );
    // A partnership role is not tied to an organisation: none is sent.
    await user.selectOptions(screen.getByLabelText('Role'), 'Partnership viewer');
    expect(screen.queryByLabelText('Organisation')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() =>
      expect(server.changes().map((r) => r.body)).toEqual([
        { email: 'jo@example.org', name: '', role: 'org_editor', organisationId: null },
        { email: 'jo@example.org', name: '', role: 'partnership_viewer', organisationId: null },
      ]),
    );
  });
});
