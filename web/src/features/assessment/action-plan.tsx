import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  ACTION_STATUS_LABELS,
  ActionFieldsSchema,
  type ActionFields,
  type StandardNumber,
} from '@s11/shared';
import { FieldError } from '../../components/error-summary';
import { offline, type LocalAction } from '../../offline';

/** The action plan: rows (what, owner, due date, status) that can be added, edited and removed. */
export function ActionPlan({
  returnId,
  standard,
  actions,
  readOnly,
  error,
}: {
  returnId: string;
  standard: StandardNumber;
  actions: LocalAction[];
  readOnly?: boolean;
  error?: string | undefined;
}) {
  const mine = actions.filter((a) => a.fields.standard === standard);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <h2 className="govuk-heading-m" id="actions" tabIndex={-1}>
        Action plan
      </h2>
      <FieldError id="actions" message={error} />
      {mine.length === 0 ? <p className="govuk-body">No actions yet.</p> : null}
      {mine.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">
            Actions for this standard
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                What
              </th>
              <th scope="col" className="govuk-table__header">
                Who
              </th>
              <th scope="col" className="govuk-table__header">
                By when
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              {readOnly ? null : (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Change</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {mine.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell">{a.fields.what}</td>
                <td className="govuk-table__cell">{a.fields.owner}</td>
                <td className="govuk-table__cell">{a.fields.dueOn || 'Not set'}</td>
                <td className="govuk-table__cell">{ACTION_STATUS_LABELS[a.fields.status]}</td>
                {readOnly ? null : (
                  <td className="govuk-table__cell">
                    <button
                      type="button"
                      className="govuk-link app-link-button app-touch-target"
                      onClick={() => setEditing(a.id)}
                    >
                      Change<span className="govuk-visually-hidden"> action: {a.fields.what}</span>
                    </button>{' '}
                    <button
                      type="button"
                      className="govuk-link app-link-button app-touch-target"
                      onClick={() => void offline.deleteAction(returnId, a.id)}
                    >
                      Remove<span className="govuk-visually-hidden"> action: {a.fields.what}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {readOnly ? null : editing ? (
        <ActionForm
          key={editing}
          initial={
            mine.find((a) => a.id === editing)?.fields ?? {
              standard,
              what: '',
              owner: '',
              dueOn: '',
              status: 'not_started',
            }
          }
          onCancel={() => setEditing(null)}
          onSave={async (fields) => {
            await offline.saveAction(returnId, editing, fields);
            setEditing(null);
          }}
        />
      ) : (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => setEditing(crypto.randomUUID())}
        >
          Add an action
        </button>
      )}
    </div>
  );
}

const ActionFormSchema = ActionFieldsSchema.extend({
  what: ActionFieldsSchema.shape.what.min(1, 'Say what will be done'),
  owner: ActionFieldsSchema.shape.owner.min(1, 'Say who will do it'),
});

function ActionForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: ActionFields;
  onSave: (f: ActionFields) => Promise<void>;
  onCancel: () => void;
}) {
  const { register, handleSubmit, formState } = useForm<ActionFields>({
    resolver: zodResolver(ActionFormSchema),
    shouldFocusError: false,
    defaultValues: initial,
  });
  const e = formState.errors;
  return (
    <fieldset className="govuk-fieldset app-action-form">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Action</legend>
      <div className={`govuk-form-group${e.what ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="action-what">
          What will be done
        </label>
        <FieldError id="action-what" message={e.what?.message} />
        <textarea className="govuk-textarea" id="action-what" rows={2} {...register('what')} />
      </div>
      <div className={`govuk-form-group${e.owner ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="action-owner">
          Who will do it
        </label>
        <FieldError id="action-owner" message={e.owner?.message} />
        <input
          className="govuk-input govuk-!-width-two-thirds"
          id="action-owner"
          {...register('owner')}
        />
      </div>
      <div className={`govuk-form-group${e.dueOn ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="action-due">
          By when
        </label>
        <FieldError id="action-due" message={e.dueOn ? 'Enter a real date' : undefined} />
        <input
          className="govuk-input govuk-input--width-10"
          id="action-due"
          type="date"
          {...register('dueOn')}
        />
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="action-status">
          Status
        </label>
        <select className="govuk-select" id="action-status" {...register('status')}>
          {Object.entries(ACTION_STATUS_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" onClick={() => void handleSubmit(onSave)()}>
          Save action
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
