import { useState, type ChangeEvent } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  OrganisationInputSchema,
  ROLE_LABELS,
  SECTORS,
  SECTOR_CODES,
  sectorLabel,
  subTypeLabel,
  type OrganisationInput,
  type Role,
  type SubType,
} from '@s11/shared';
import type { z } from 'zod';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { TableScroll } from '../../components/table-scroll';
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
      <TableScroll label="Table (scrolls sideways on small screens)">
        <table className="govuk-table" data-testid="organisations">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {orgs.data?.length ?? 0} organisations
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Sector
              </th>
              <th scope="col" className="govuk-table__header">
                Type
              </th>
              <th scope="col" className="govuk-table__header">
                Usual form
              </th>
              <th scope="col" className="govuk-table__header">
                Contact
              </th>
              {canManage ? (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Change</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {(orgs.data ?? []).map((o) => (
              <tr className="govuk-table__row" key={o.id}>
                <td className="govuk-table__cell">{o.name}</td>
                <td className="govuk-table__cell">{sectorLabel(o.sector)}</td>
                <td className="govuk-table__cell">
                  {o.subType ? subTypeLabel(o.subType as SubType) : ''}
                </td>
                <td className="govuk-table__cell">
                  {o.usualVariant === 'light' ? 'Light' : 'Full'}
                </td>
                <td className="govuk-table__cell">
                  {[o.contactName, o.contactEmail].filter(Boolean).join(', ')}
                </td>
                {canManage ? (
                  <td className="govuk-table__cell">
                    <button
                      type="button"
                      className="govuk-link app-link-button"
                      onClick={() => setEditing(o)}
                    >
                      Change<span className="govuk-visually-hidden"> {o.name}</span>
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
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
            <TableScroll label="Table (scrolls sideways on small screens)">
              <table className="govuk-table" data-testid="import-preview">
                <caption className="govuk-table__caption govuk-table__caption--s">
                  {preview.total} rows; {preview.problems} with problems
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Line
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Name
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Problems
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {preview.rows.map((r) => (
                    <tr className="govuk-table__row" key={r.line}>
                      <td className="govuk-table__cell">{r.line}</td>
                      <td className="govuk-table__cell">{r.values.Name}</td>
                      <td className="govuk-table__cell">
                        {r.problems.length ? r.problems.join('; ') : 'Ready to import'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
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

function InvitePerson({ pid, orgs }: { pid: string; orgs: { id: string; name: string }[] }) {
  const { invite } = useConsoleMutations();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('org_editor');
  const [org, setOrg] = useState('');
  const orgRole = role === 'org_editor' || role === 'org_signatory';
  const err =
    invite.error instanceof ApiError
      ? (invite.error.problem?.errors?.map((e) => e.message).join('; ') ?? invite.error.message)
      : null;
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Invite someone</span>
      </summary>
      <div className="govuk-details__text">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="invite-email">
            Email address
          </label>
          <input
            className="govuk-input"
            id="invite-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="invite-name">
            Name
          </label>
          <input
            className="govuk-input"
            id="invite-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="invite-role">
            Role
          </label>
          <select
            className="govuk-select"
            id="invite-role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        {orgRole ? (
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="invite-org">
              Organisation
            </label>
            <select
              className="govuk-select"
              id="invite-org"
              value={org}
              onChange={(e) => setOrg(e.target.value)}
            >
              <option value="">Choose an organisation</option>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button
          type="button"
          className="govuk-button"
          onClick={() =>
            invite.mutate({ pid, email, name, role, organisationId: orgRole ? org || null : null })
          }
        >
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
        {err ? (
          <p className="govuk-error-message" role="alert">
            {err}
          </p>
        ) : null}
      </div>
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
  const [tries, setTries] = useState(0);
  const { register, handleSubmit, control, formState, setError } = useForm<
    z.input<typeof OrganisationInputSchema>,
    unknown,
    OrganisationInput
  >({
    resolver: zodResolver(OrganisationInputSchema),
    shouldFocusError: false,
    defaultValues: org
      ? {
          name: org.name,
          sector: org.sector,
          subType: (org.subType as SubType | null) ?? null,
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
  const sector = useWatch({ control, name: 'sector' });
  const subTypes = Object.entries(SECTORS[sector].subTypes as Record<string, string>);
  const e = formState.errors;
  const errors = (
    ['name', 'sector', 'subType', 'usualVariant', 'contactName', 'contactEmail'] as const
  ).flatMap((f) => (e[f]?.message ? [{ field: `org-${f}`, message: e[f].message }] : []));
  const submit = handleSubmit(
    async (input) => {
      try {
        if (org) await editOrganisation.mutateAsync({ id: org.id, input });
        else await addOrganisation.mutateAsync({ pid, input });
        done();
      } catch {
        setError('name', {
          message: 'This organisation could not be saved. Check your connection and try again.',
        });
        setTries((n) => n + 1);
      }
    },
    () => setTries((n) => n + 1),
  );
  return (
    <form
      noValidate
      onSubmit={(ev) => void submit(ev)}
      className="app-action-form"
      aria-labelledby="org-form-title"
    >
      <ErrorSummary errors={errors} focusKey={tries} />
      <h2 className="govuk-heading-m" id="org-form-title">
        {org ? `Change ${org.name}` : 'Add an organisation'}
      </h2>
      <div className={`govuk-form-group${e.name ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="org-name">
          Name
        </label>
        <FieldError id="org-name" message={e.name?.message} />
        <input className="govuk-input" id="org-name" {...register('name')} />
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="org-sector">
          Sector
        </label>
        <select className="govuk-select" id="org-sector" {...register('sector')}>
          {SECTOR_CODES.map((s) => (
            <option key={s} value={s}>
              {sectorLabel(s)}
            </option>
          ))}
        </select>
      </div>
      {subTypes.length ? (
        <div className={`govuk-form-group${e.subType ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="org-subType">
            Type
          </label>
          <FieldError id="org-subType" message={e.subType?.message} />
          <select
            className="govuk-select"
            id="org-subType"
            {...register('subType', { setValueAs: (v: string) => (v === '' ? null : v) })}
          >
            <option value="">Not given</option>
            {subTypes.map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="org-usualVariant">
          Usual form
        </label>
        <select className="govuk-select" id="org-usualVariant" {...register('usualVariant')}>
          <option value="full">Full</option>
          <option value="light">Light</option>
        </select>
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="org-contactName">
          Contact name
        </label>
        <input className="govuk-input" id="org-contactName" {...register('contactName')} />
      </div>
      <div className={`govuk-form-group${e.contactEmail ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="org-contactEmail">
          Contact email
        </label>
        <FieldError id="org-contactEmail" message={e.contactEmail?.message} />
        <input
          className="govuk-input"
          id="org-contactEmail"
          type="email"
          {...register('contactEmail')}
        />
      </div>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
          Save organisation
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={done}>
          Cancel
        </button>
      </div>
    </form>
  );
}
