import { useState } from 'react';
import {
  CycleInputSchema,
  sectorLabel,
  formatDate,
  VARIANT_LABELS,
  VARIANTS,
  type Variant,
} from '@s11/shared';
import { TextInput } from '../../components/field';
import { Page } from '../../components/page';
import { navigate } from '../../components/router';
import { Table } from '../../components/table';
import { useProblemForm } from '../../components/use-problem-form';
import { useConsoleMutations, useCycles, useOrganisations } from './data';

/** Cycles, and opening a new one: name, dates, who is invited and with which form. */
export function Cycles({ pid, canManage }: { pid: string; canManage: boolean }) {
  const cycles = useCycles(pid);
  const orgs = useOrganisations(pid);
  const { openCycle } = useConsoleMutations();
  const [chosen, setChosen] = useState<Record<string, Variant | undefined>>({});
  const form = useProblemForm({
    schema: CycleInputSchema,
    defaultValues: { name: '', opensOn: '', dueOn: '', invitations: [] },
    idPrefix: 'cycle-',
    onSubmit: async (v) => {
      await openCycle.mutateAsync({
        pid,
        input: {
          ...v,
          invitations: Object.entries(chosen).map(([organisationId, variant]) => ({
            organisationId,
            ...(variant ? { variant } : {}),
          })),
        },
      });
      navigate('/partnership/returns');
    },
  });
  return (
    <Page title="Audit cycles" {...form.page}>
      <ul className="govuk-list">
        {(cycles.data ?? []).map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong>: opens {formatDate(c.opensOn)}, due {formatDate(c.dueOn)}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form {...form.formProps}>
          <h2 className="govuk-heading-m">Open a new cycle</h2>
          <TextInput label="Name" labelSize="regular" {...form.field('name')} />
          <TextInput
            label="Opens"
            labelSize="regular"
            type="date"
            inputClassName="govuk-input--width-10"
            {...form.field('opensOn')}
          />
          <TextInput
            label="Due"
            labelSize="regular"
            type="date"
            inputClassName="govuk-input--width-10"
            {...form.field('dueOn')}
          />
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Invite organisations
            </legend>
            <Table
              caption="Organisations to invite"
              captionSize="hidden"
              rows={orgs.data ?? []}
              rowKey={(o) => o.id}
              columns={[
                {
                  header: 'Invite',
                  cell: (o) => (
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
                  ),
                },
                { header: 'Sector', cell: (o) => sectorLabel(o.sector) },
                {
                  header: 'Form',
                  cell: (o) => (
                    <>
                      <label className="govuk-visually-hidden" htmlFor={`form-${o.id}`}>
                        Form for {o.name}
                      </label>
                      <select
                        className="govuk-select"
                        id={`form-${o.id}`}
                        value={chosen[o.id] ?? o.usualVariant}
                        disabled={!(o.id in chosen)}
                        onChange={(e) =>
                          setChosen((c) => ({ ...c, [o.id]: e.target.value as Variant }))
                        }
                      >
                        {VARIANTS.map((v) => (
                          <option key={v} value={v}>
                            {VARIANT_LABELS[v]}
                          </option>
                        ))}
                      </select>
                    </>
                  ),
                },
              ]}
            />
          </fieldset>
          <button type="submit" className="govuk-button" disabled={form.submitting}>
            Open the cycle and invite {Object.keys(chosen).length} organisations
          </button>
        </form>
      ) : null}
    </Page>
  );
}
