import { useState } from 'react';
import { sectorLabel } from '@s11/shared';
import { Page } from '../../components/page';
import { TableScroll } from '../../components/table-scroll';
import { navigate } from '../../components/router';
import { ApiError } from '../../offline';
import { useConsoleMutations, useCycles, useOrganisations } from './data';

/** Cycles, and opening a new one: name, dates, who is invited and with which form. */
export function Cycles({ pid, canManage }: { pid: string; canManage: boolean }) {
  const cycles = useCycles(pid);
  const orgs = useOrganisations(pid);
  const { openCycle } = useConsoleMutations();
  const [name, setName] = useState('');
  const [opensOn, setOpensOn] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [chosen, setChosen] = useState<Record<string, 'full' | 'light' | undefined>>({});
  const errors = openCycle.error instanceof ApiError ? (openCycle.error.problem?.errors ?? []) : [];
  const errorFor = (f: string) => errors.find((e) => e.path === f)?.message;
  return (
    <Page title="Audit cycles">
      <ul className="govuk-list">
        {(cycles.data ?? []).map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong>: opens {c.opensOn}, due {c.dueOn}
          </li>
        ))}
      </ul>
      {canManage ? (
        <>
          <h2 className="govuk-heading-m">Open a new cycle</h2>
          <div className={`govuk-form-group${errorFor('name') ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor="cycle-name">
              Name
            </label>
            {errorFor('name') ? <p className="govuk-error-message">{errorFor('name')}</p> : null}
            <input
              className="govuk-input"
              id="cycle-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div
            className={`govuk-form-group${errorFor('opensOn') ? ' govuk-form-group--error' : ''}`}
          >
            <label className="govuk-label" htmlFor="cycle-opens">
              Opens
            </label>
            {errorFor('opensOn') ? (
              <p className="govuk-error-message">{errorFor('opensOn')}</p>
            ) : null}
            <input
              className="govuk-input govuk-input--width-10"
              id="cycle-opens"
              type="date"
              value={opensOn}
              onChange={(e) => setOpensOn(e.target.value)}
            />
          </div>
          <div className={`govuk-form-group${errorFor('dueOn') ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor="cycle-due">
              Due
            </label>
            {errorFor('dueOn') ? <p className="govuk-error-message">{errorFor('dueOn')}</p> : null}
            <input
              className="govuk-input govuk-input--width-10"
              id="cycle-due"
              type="date"
              value={dueOn}
              onChange={(e) => setDueOn(e.target.value)}
            />
          </div>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Invite organisations
            </legend>
            <TableScroll label="Table (scrolls sideways on small screens)">
              <table className="govuk-table">
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Invite
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Sector
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Form
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {(orgs.data ?? []).map((o) => (
                    <tr className="govuk-table__row" key={o.id}>
                      <td className="govuk-table__cell">
                        <div className="govuk-checkboxes govuk-checkboxes--small">
                          <div className="govuk-checkboxes__item">
                            <input
                              className="govuk-checkboxes__input"
                              id={`inv-${o.id}`}
                              type="checkbox"
                              checked={o.id in chosen}
                              onChange={(e) =>
                                setChosen((c) => {
                                  const n = { ...c };
                                  if (e.target.checked) n[o.id] = o.usualVariant;
                                  else delete n[o.id];
                                  return n;
                                })
                              }
                            />
                            <label
                              className="govuk-label govuk-checkboxes__label"
                              htmlFor={`inv-${o.id}`}
                            >
                              {o.name}
                            </label>
                          </div>
                        </div>
                      </td>
                      <td className="govuk-table__cell">{sectorLabel(o.sector)}</td>
                      <td className="govuk-table__cell">
                        <label className="govuk-visually-hidden" htmlFor={`form-${o.id}`}>
                          Form for {o.name}
                        </label>
                        <select
                          className="govuk-select"
                          id={`form-${o.id}`}
                          value={chosen[o.id] ?? o.usualVariant}
                          disabled={!(o.id in chosen)}
                          onChange={(e) =>
                            setChosen((c) => ({ ...c, [o.id]: e.target.value as 'full' | 'light' }))
                          }
                        >
                          <option value="full">Full</option>
                          <option value="light">Light</option>
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </fieldset>
          <button
            type="button"
            className="govuk-button"
            disabled={openCycle.isPending}
            onClick={() =>
              openCycle.mutate(
                {
                  pid,
                  input: {
                    name,
                    opensOn,
                    dueOn,
                    invitations: Object.entries(chosen).map(([organisationId, variant]) => ({
                      organisationId,
                      ...(variant ? { variant } : {}),
                    })),
                  },
                },
                { onSuccess: () => navigate('/partnership/returns') },
              )
            }
          >
            Open the cycle and invite {Object.keys(chosen).length} organisations
          </button>
          {openCycle.isError && !errors.length ? (
            <p className="govuk-error-message" role="alert">
              The cycle could not be opened. Check the details and try again.
            </p>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
