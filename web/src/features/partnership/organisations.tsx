import { useState, type ChangeEvent } from 'react';
import { ROLE_LABELS, sectorLabel, subTypeLabel, type Role, type SubType } from '@s11/shared';
import { Page } from '../../components/page';
import { ApiError } from '../../offline';
import { useConsoleMutations, useOrganisations } from './data';

/** The directory; import from CSV with a preview; invite people. */
export function Organisations({ pid, canManage }: { pid: string; canManage: boolean }) {
  const orgs = useOrganisations(pid);
  return (
    <Page title="Organisations">
      {canManage ? <ImportOrganisations pid={pid} /> : null}
      {canManage ? <InvitePerson pid={pid} orgs={orgs.data ?? []} /> : null}
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
              <td className="govuk-table__cell">{o.usualVariant === 'light' ? 'Light' : 'Full'}</td>
              <td className="govuk-table__cell">
                {[o.contactName, o.contactEmail].filter(Boolean).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
          (Name, Sector, Type, Form, Contact name, Contact email). You will see every row’s problems
          before anything is saved.
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
            <table className="govuk-table" data-testid="import-preview">
              <caption className="govuk-table__caption govuk-table__caption--s">
                {preview.rows.length} rows; {preview.problems} with problems
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
                Import {preview.rows.length} organisations
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
        {invite.isSuccess ? (
          <p className="govuk-body" role="status">
            Invitation sent to {email}.
          </p>
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
