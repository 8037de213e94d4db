import { useState, type ChangeEvent } from 'react';
import { useWatch } from 'react-hook-form';
import { z } from 'zod';
import {
  EmailSchema,
  OrganisationInputSchema,
  ROLE_LABELS,
  SECTORS,
  SECTOR_CODES,
  sectorLabel,
  subTypeLabel,
  type Role,
  VARIANT_LABELS,
  VARIANTS,
} from '@s11/shared';
import { ErrorSummary } from '../../components/error-summary';
import { Select, TextInput } from '../../components/field';
import { Page } from '../../components/page';
import { Table } from '../../components/table';
import { useProblemForm } from '../../components/use-problem-form';
import { ApiError } from '../../offline';
import { DeliveryTag } from './delivery';
import { useConsoleMutations, useOrganisations, type OrgRow } from './data';

/** The directory; import from CSV with a preview; invite people. */
export function Organisations({ pid, canManage }: { pid: string; canManage: boolean }) {
  const orgs = useOrganisations(pid);
  const [editing, setEditing] = useState<OrgRow | 'new' | null>(null);
  return (
    <Page title="Organisations">
      {canManage ? (
        editing ? (
          <OrganisationForm
            key={editing === 'new' ? 'new' : editing.id}
            pid={pid}
            org={editing === 'new' ? null : editing}
            done={() => setEditing(null)}
          />
        ) : (
          <button type="button" className="govuk-button" onClick={() => setEditing('new')}>
            Add an organisation
          </button>
        )
      ) : null}
      {canManage ? <ImportOrganisations pid={pid} /> : null}
      {canManage ? <InvitePerson pid={pid} orgs={orgs.data ?? []} /> : null}
      <Table
        caption={`${String(orgs.data?.length ?? 0)} organisations`}
        testId="organisations"
        rows={orgs.data ?? []}
        rowKey={(o) => o.id}
        columns={[
          { header: 'Name', cell: (o) => o.name },
          { header: 'Sector', cell: (o) => sectorLabel(o.sector) },
          { header: 'Type', cell: (o) => (o.subType ? subTypeLabel(o.subType) : '') },
          { header: 'Usual form', cell: (o) => VARIANT_LABELS[o.usualVariant] },
          {
            header: 'Contact',
            cell: (o) => [o.contactName, o.contactEmail].filter(Boolean).join(', '),
          },
          canManage && {
            header: 'Change',
            hideHeader: true,
            cell: (o) => (
              <button
                type="button"
                className="govuk-link app-link-button"
                onClick={() => setEditing(o)}
              >
                Change<span className="govuk-visually-hidden"> {o.name}</span>
              </button>
            ),
          },
        ]}
      />
    </Page>
  );
}

function ImportOrganisations({ pid }: { pid: string }) {
  const { importOrganisations } = useConsoleMutations();
  const [csv, setCsv] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const preview = importOrganisations.data;
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    setResult(null);
    importOrganisations.mutate({ pid, csv: text, dryRun: true });
  };
  const error =
    importOrganisations.error instanceof ApiError
      ? (importOrganisations.error.problem?.detail ?? importOrganisations.error.message)
      : null;
  return (
    <details className="govuk-details" open={!!csv}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Import organisations from a CSV file</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          <a
            className="govuk-link"
            href={`/api/partnerships/${pid}/organisations/template.csv`}
            download
          >
            Download the template
          </a>{' '}
          (Name, Sector, Type, Form, Contact name, Contact email). Up to 5,000 organisations and 1
          MB per file. You will see the rows with problems before anything is saved.
        </p>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="import-file">
            CSV file
          </label>
          <input
            className="govuk-file-upload"
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void onFile(e)}
          />
        </div>
        {error ? (
          <p className="govuk-error-message" role="alert">
            {error}
          </p>
        ) : null}
        {preview && csv && !result ? (
          <>
            <Table
              caption={`${String(preview.total)} rows; ${String(preview.problems)} with problems`}
              captionSize="s"
              testId="import-preview"
              rows={preview.rows}
              rowKey={(r) => String(r.line)}
              columns={[
                { header: 'Line', cell: (r) => r.line },
                { header: 'Name', cell: (r) => r.values.Name },
                {
                  header: 'Problems',
                  cell: (r) => (r.problems.length ? r.problems.join('; ') : 'Ready to import'),
                },
              ]}
            />
            {preview.unlisted > 0 ? (
              <p className="govuk-body">
                {preview.unlisted} more rows are not shown
                {preview.unlistedProblems > 0
                  ? `, ${String(preview.unlistedProblems)} of them with problems`
                  : ''}
                .
              </p>
            ) : null}
            {preview.problems === 0 ? (
              <button
                type="button"
                className="govuk-button"
                onClick={() =>
                  importOrganisations.mutate(
                    { pid, csv, dryRun: false },
                    { onSuccess: (r) => setResult(`${String(r.saved)} organisations imported.`) },
                  )
                }
              >
                Import {preview.total} organisations
              </button>
            ) : (
              <p className="govuk-body">
                Fix the problems in your file and choose it again. Nothing has been saved.
              </p>
            )}
          </>
        ) : null}
        {result ? (
          <p className="govuk-body" role="status">
            {result}
          </p>
        ) : null}
      </div>
    </details>
  );
}

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((r) => ({
  value: r,
  label: ROLE_LABELS[r],
}));

/** What the page checks before sending; the server checks the rest (its messages land on the fields). */
const InviteFormSchema = z.object({
  email: EmailSchema,
  name: z.string(),
  role: z.enum(Object.keys(ROLE_LABELS) as [Role, ...Role[]]),
  organisationId: z.string(),
});

const isOrgRole = (role: string) => role === 'org_editor' || role === 'org_signatory';

function InvitePerson({ pid, orgs }: { pid: string; orgs: { id: string; name: string }[] }) {
  const { invite } = useConsoleMutations();
  const form = useProblemForm({
    schema: InviteFormSchema,
    defaultValues: { email: '', name: '', role: 'org_editor', organisationId: '' },
    idPrefix: 'invite-',
    onSubmit: ({ organisationId, ...v }) =>
      invite.mutateAsync({
        pid,
        ...v,
        organisationId: isOrgRole(v.role) ? organisationId || null : null,
      }),
  });
  const orgRole = isOrgRole(useWatch({ control: form.form.control, name: 'role' }));
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Invite someone</span>
      </summary>
      <form className="govuk-details__text" {...form.formProps}>
        <ErrorSummary {...form.page} />
        <TextInput
          label="Email address"
          labelSize="regular"
          type="email"
          {...form.field('email')}
        />
        <TextInput label="Name" labelSize="regular" {...form.field('name')} />
        <Select label="Role" labelSize="regular" options={ROLE_OPTIONS} {...form.field('role')} />
        {orgRole ? (
          <Select
            label="Organisation"
            labelSize="regular"
            options={[
              { value: '', label: 'Choose an organisation' },
              ...orgs.map((o) => ({ value: o.id, label: o.name })),
            ]}
            {...form.field('organisationId')}
          />
        ) : null}
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Send invitation
        </button>
        {invite.data ? (
          <div role="status" data-testid="invitation-result">
            {invite.data.mailDisabled ? (
              <>
                <p className="govuk-body">
                  Invitation for {invite.data.email} made. No email was sent: this service does not
                  send email. Pass this link to them yourself, privately (it works once, for 14
                  days):
                </p>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="invite-link">
                    Set-up link for {invite.data.email}
                  </label>
                  <input
                    className="govuk-input"
                    id="invite-link"
                    readOnly
                    value={invite.data.link ?? ''}
                    onFocus={(e) => e.target.select()}
                  />
                </div>
              </>
            ) : (
              <p className="govuk-body">
                Invitation for {invite.data.email}: <DeliveryTag delivery={invite.data.delivery} />
              </p>
            )}
          </div>
        ) : null}
      </form>
    </details>
  );
}

/** Add or change one organisation; validated with the shared schema, errors in a summary. */
function OrganisationForm({
  pid,
  org,
  done,
}: {
  pid: string;
  org: OrgRow | null;
  done: () => void;
}) {
  const { addOrganisation, editOrganisation } = useConsoleMutations();
  const form = useProblemForm({
    schema: OrganisationInputSchema,
    idPrefix: 'org-',
    fallbackField: 'name',
    onSubmit: async (input) => {
      if (org) await editOrganisation.mutateAsync({ id: org.id, input });
      else await addOrganisation.mutateAsync({ pid, input });
      done();
    },
    defaultValues: org
      ? {
          name: org.name,
          sector: org.sector,
          subType: org.subType ?? null,
          usualVariant: org.usualVariant,
          contactName: org.contactName,
          contactEmail: org.contactEmail,
        }
      : {
          name: '',
          sector: 'health',
          subType: null,
          usualVariant: 'full',
          contactName: '',
          contactEmail: '',
        },
  });
  const sector = useWatch({ control: form.form.control, name: 'sector' });
  const subTypes = Object.entries(SECTORS[sector].subTypes as Record<string, string>);
  const sectorField = form.field('sector');
  return (
    <form {...form.formProps} className="app-action-form" aria-labelledby="org-form-title">
      <ErrorSummary {...form.page} />
      <h2 className="govuk-heading-m" id="org-form-title">
        {org ? `Change ${org.name}` : 'Add an organisation'}
      </h2>
      <TextInput label="Name" labelSize="regular" {...form.field('name')} />
      <Select
        label="Sector"
        labelSize="regular"
        options={SECTOR_CODES.map((s) => ({ value: s, label: sectorLabel(s) }))}
        {...sectorField}
        // A type belongs to one sector: the old sector's would be refused by
        // the schema, under a Type field the new sector may not even show.
        onChange={(e) => {
          form.form.setValue('subType', null);
          return sectorField.onChange(e);
        }}
      />
      {subTypes.length ? (
        <Select
          label="Type"
          labelSize="regular"
          options={[
            { value: '', label: 'Not given' },
            ...subTypes.map(([value, label]) => ({ value, label })),
          ]}
          {...form.field('subType')}
          {...form.form.register('subType', {
            setValueAs: (v: string) => (v === '' ? null : v),
          })}
        />
      ) : null}
      <Select
        label="Usual form"
        labelSize="regular"
        options={VARIANTS.map((v) => ({ value: v, label: VARIANT_LABELS[v] }))}
        {...form.field('usualVariant')}
      />
      <TextInput label="Contact name" labelSize="regular" {...form.field('contactName')} />
      <TextInput
        label="Contact email"
        labelSize="regular"
        type="email"
        {...form.field('contactEmail')}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Save organisation
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={done}>
          Cancel
        </button>
      </div>
    </form>
  );
}
