import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import {
  ACTION_STATUS_LABELS,
  ActionFieldsSchema,
  DateOnlySchema,
  type ActionFields,
  type StandardNumber,
  formatDate,
} from '@s11/shared';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Select, TextAreaInput, TextInput } from '../../components/field';
import { Table } from '../../components/table';
import { useProblemForm } from '../../components/use-problem-form';
import { offline, type LocalAction } from '../../offline';

const STATUS_OPTIONS = Object.entries(ACTION_STATUS_LABELS).map(([value, label]) => ({
  value,
  label,
}));

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
  const [removing, setRemoving] = useState<string | null>(null);
  const toRemove = mine.find((a) => a.id === removing);
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <h2 className="govuk-heading-m" id="actions" tabIndex={-1}>
        Action plan
      </h2>
      <FieldError id="actions" message={error} />
      <Table
        caption="Actions for this standard"
        captionSize="hidden"
        scroll={false}
        rows={mine}
        rowKey={(a) => a.id}
        empty={<p className="govuk-body">No actions yet.</p>}
        columns={[
          { header: 'What', cell: (a) => a.fields.what },
          { header: 'Who', cell: (a) => a.fields.owner },
          { header: 'By when', cell: (a) => formatDate(a.fields.dueOn) || 'Not set' },
          { header: 'Status', cell: (a) => ACTION_STATUS_LABELS[a.fields.status] },
          !readOnly && {
            header: 'Change',
            hideHeader: true,
            cell: (a) => (
              <>
                <button
                  type="button"
                  className="govuk-link app-link-button app-touch-target"
                  onClick={() => {
                    setRemoving(null);
                    setEditing(a.id);
                  }}
                >
                  Change<span className="govuk-visually-hidden"> action: {a.fields.what}</span>
                </button>{' '}
                <button
                  type="button"
                  className="govuk-link app-link-button app-touch-target"
                  onClick={() => {
                    setEditing(null);
                    setRemoving(a.id);
                  }}
                >
                  Remove<span className="govuk-visually-hidden"> action: {a.fields.what}</span>
                </button>
              </>
            ),
          },
        ]}
      />
      {readOnly ? null : toRemove ? (
        <RemoveAction
          what={toRemove.fields.what}
          onCancel={() => setRemoving(null)}
          onRemove={async () => {
            await offline.deleteAction(returnId, toRemove.id);
            setRemoving(null);
          }}
        />
      ) : editing ? (
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
  // A union's message would be "Invalid input": say what is wrong instead.
  dueOn: z.union([z.literal(''), DateOnlySchema], { error: 'Enter a real date, like 2027-03-31' }),
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
  const form = useProblemForm({
    schema: ActionFormSchema,
    defaultValues: initial,
    idPrefix: 'action-',
    onSubmit: onSave,
  });
  // Inside the standard page (which has its own summary), so the action's own
  // short summary sits at the top of the action, focused when a save fails.
  return (
    <fieldset className="govuk-fieldset app-action-form">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Action</legend>
      <ErrorSummary {...form.page} />
      <TextAreaInput
        label="What will be done"
        labelSize="regular"
        rows={2}
        {...form.field('what')}
      />
      <TextInput
        label="Who will do it"
        labelSize="regular"
        inputClassName="govuk-!-width-two-thirds"
        {...form.field('owner')}
      />
      <TextInput
        label="By when"
        labelSize="regular"
        type="date"
        inputClassName="govuk-input--width-10"
        {...form.field('dueOn')}
      />
      <Select
        label="Status"
        labelSize="regular"
        options={STATUS_OPTIONS}
        {...form.field('status')}
      />
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" onClick={() => form.submit()}>
          Save action
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}

/**
 * "Are you sure" before an action is removed (it was deleted at once): the
 * question takes focus, and nothing is removed until the person says so.
 */
function RemoveAction({
  what,
  onRemove,
  onCancel,
}: {
  what: string;
  onRemove: () => Promise<void>;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => question.current?.focus(), []);
  return (
    <div className="app-confirm" data-testid="remove-action">
      <h3 className="govuk-heading-s" tabIndex={-1} ref={question}>
        Remove the action “{what}”?
      </h3>
      <p className="govuk-body">It will be taken out of your action plan.</p>
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--warning"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onRemove().finally(() => setBusy(false));
          }}
        >
          Yes, remove it
        </button>
        <button type="button" className="govuk-link app-link-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
