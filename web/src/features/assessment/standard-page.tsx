import { useEffect, useRef, useState } from 'react';
import {
  EMPTY_STANDARD_FIELDS,
  LIMITS,
  RAG_SCALE,
  STANDARD_FIELD_QUESTIONS,
  checkPath,
  getStandard,
  lightNeedsAction,
  suggestRag,
  suggestionReason,
  type CheckAnswer,
  type CheckResponse,
  type Rag,
  type StandardFields,
  type StandardNumber,
  patchOf,
  canEdit,
} from '@s11/shared';
import { Page } from '../../components/page';
import { Radios } from '../../components/radios';
import { RagTag } from '../../components/rag-tag';
import { Link } from '../../components/router';
import { TextArea } from '../../components/text-area';
import { useStandard } from '../../offline';
import { ActionPlan } from './action-plan';
import { ConflictPanel } from './conflict-panel';
import { RatingField } from './rating-field';
import { useSyncedField } from './synced-field';
import { ReturnArriving } from './task-list-page';
import { useReturnData } from './use-return-data';
import { useStandardForm, type SaveFn } from './use-standard-form';

/** One standard on one page: the full form or the light form, saved as the user types. */
export function StandardPage({
  returnId,
  standard,
}: {
  returnId: string;
  standard: StandardNumber;
}) {
  const { ret, actions, conflicts, moderations, loading, arriving, editable } =
    useReturnData(returnId);
  const rec = useStandard(returnId, standard);
  const form = useStandardForm({
    returnId,
    standard,
    variant: ret?.variant ?? 'full',
    actions,
  });
  if (loading || rec === undefined) return <p className="govuk-body">Loading...</p>;
  if (!ret) return <Page title="Return not found" />;
  if (arriving) return <ReturnArriving />;
  // Every control below is disabled when the return cannot be changed (its
  // status, or the user's role): nothing is queued that the server would refuse.
  const readOnly = !editable;
  const moderation = moderations.find((m) => m.standard === standard);
  const def = getStandard(standard);
  const fields = rec?.fields ?? EMPTY_STANDARD_FIELDS;
  const { save, errorFor } = form;
  const mine = conflicts.filter((c) => c.kind === 'standard' && c.key === String(standard));

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <Link to={`/returns/${returnId}`} className="govuk-back-link">
          Back to your task list
        </Link>
        <Page
          title={`${String(standard)}. ${def.title}`}
          caption={`Standard ${String(standard)} of 8`}
          {...form.page}
        >
          <p className={ret.variant === 'light' ? 'govuk-body' : 'govuk-body-l'}>
            {ret.variant === 'light' ? def.summary : def.statement}
          </p>
          {readOnly ? (
            <div className="govuk-inset-text" data-testid="read-only">
              {canEdit(ret.status)
                ? 'You can read this return but not change it.'
                : ret.status === 'submitted'
                  ? 'This return has been sent, so it cannot be changed unless the partnership returns it for changes.'
                  : 'This return has been accepted by the partnership, so it cannot be changed.'}
            </div>
          ) : null}
          {moderation ? (
            <div className="govuk-inset-text" data-testid="partnership-view">
              <h2 className="govuk-heading-s">
                {ret.status === 'returned_for_changes' && moderation.comment.trim()
                  ? 'Changes asked for by the partnership'
                  : 'The partnership’s view'}
              </h2>
              <p className="govuk-body">
                The partnership’s rating: <RagTag rag={moderation.rag} />
              </p>
              {moderation.comment.trim() ? (
                <p className="govuk-body app-pre">{moderation.comment}</p>
              ) : null}
            </div>
          ) : null}
          <ConflictPanel conflicts={mine} readOnly={readOnly} />
          {ret.variant === 'full' ? (
            <FullFields
              standard={standard}
              fields={fields}
              save={save}
              errorFor={errorFor}
              readOnly={readOnly}
            />
          ) : (
            <LightFields
              standard={standard}
              fields={fields}
              save={save}
              errorFor={errorFor}
              readOnly={readOnly}
            />
          )}
          {ret.variant === 'light' &&
          !lightNeedsAction(standard, fields.checks) &&
          !actions.some((a) => a.fields.standard === standard) ? null : (
            <>
              {ret.variant === 'light' ? (
                <p className="govuk-body">
                  Something is not fully in place yet. Add what you will do about it.
                </p>
              ) : null}
              <ActionPlan
                returnId={returnId}
                standard={standard}
                actions={actions}
                readOnly={readOnly}
                error={errorFor('actions')}
              />
            </>
          )}
          <RatingSection
            standard={standard}
            variant={ret.variant}
            fields={fields}
            save={save}
            errorFor={errorFor}
            readOnly={readOnly}
          />
          <CompletedField
            fields={fields}
            save={save}
            error={errorFor('completed')}
            readOnly={readOnly}
          />
          {readOnly ? null : (
            <button
              type="button"
              className="govuk-button"
              onClick={() => void form.saveAndContinue()}
            >
              Save and continue
            </button>
          )}
        </Page>
      </div>
    </div>
  );
}

/** The full form's long answers, described once and rendered alike. */
const FULL_TEXT_FIELDS = [
  {
    field: 'currentPractice',
    label: STANDARD_FIELD_QUESTIONS.currentPractice,
    hint: 'What you do now to meet this standard.',
    rows: 6,
  },
  {
    field: 'evidence',
    label: STANDARD_FIELD_QUESTIONS.evidence,
    hint: 'Evidence, not assertions: audits, figures, feedback, examples.',
    rows: 6,
  },
  {
    field: 'gaps',
    label: STANDARD_FIELD_QUESTIONS.gaps,
    hint: 'What is not yet in place. Add an action for each below.',
    rows: 4,
  },
] as const satisfies readonly {
  field: keyof StandardFields;
  label: string;
  hint: string;
  rows: number;
}[];

type TextKey = (typeof FULL_TEXT_FIELDS)[number]['field'];

/** What the full form's and the light form's questions are drawn from. */
interface FieldsProps {
  standard: StandardNumber;
  fields: StandardFields;
  save: SaveFn;
  errorFor: (f: string) => string | undefined;
  readOnly: boolean;
}

function FullFields({ standard, fields, save, errorFor, readOnly }: FieldsProps) {
  const def = getStandard(standard);
  return (
    <>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">What a good answer covers</span>
        </summary>
        <div className="govuk-details__text">
          <ul className="govuk-list govuk-list--bullet">
            {def.prompts.map((p) => (
              <li key={p.id}>{p.text}</li>
            ))}
          </ul>
        </div>
      </details>
      {FULL_TEXT_FIELDS.map((d) => (
        <StoredTextArea
          key={d.field}
          {...d}
          stored={fields[d.field]}
          save={save}
          error={errorFor(d.field)}
          readOnly={readOnly}
        />
      ))}
    </>
  );
}

/** One long answer, shown as typed and saved to the device as the user types. */
function StoredTextArea({
  field,
  label,
  hint,
  rows,
  stored,
  save,
  error,
  readOnly,
}: {
  field: TextKey;
  label: string;
  hint: string;
  rows: number;
  stored: string;
  save: SaveFn;
  error: string | undefined;
  readOnly: boolean;
}) {
  const [value, setValue] = useSyncedField(stored, (v) => save(field, { [field]: v }));
  return (
    <TextArea
      id={field}
      label={label}
      hint={hint}
      value={value}
      onChange={setValue}
      maxLength={LIMITS.longText}
      rows={rows}
      error={error}
      readOnly={readOnly}
    />
  );
}

function LightFields({ standard, fields, save, errorFor, readOnly }: FieldsProps) {
  const def = getStandard(standard);
  return (
    <>
      {def.lightChecks.map((c, i) => (
        <CheckQuestion
          key={c.id}
          id={c.id}
          number={i + 1}
          of={def.lightChecks.length}
          question={c.question}
          hint={c.hint}
          value={fields.checks[c.id]}
          save={save}
          error={errorFor(checkPath(c.id))}
          readOnly={readOnly}
        />
      ))}
    </>
  );
}

function CheckQuestion({
  id,
  number,
  of,
  question,
  hint,
  value,
  save,
  error,
  readOnly,
}: {
  id: string;
  /** Its place on the page: error messages name a question by it. */
  number: number;
  of: number;
  question: string;
  hint?: string | undefined;
  value: CheckResponse | undefined;
  save: SaveFn;
  error?: string | undefined;
  readOnly: boolean;
}) {
  const current = value ?? { answer: null, note: '' };
  // Answer and note travel together (one check is one field); each is shown at once.
  const [resp, setResp] = useSyncedField<CheckResponse>(current, (r) =>
    save(checkPath(id), patchOf(checkPath(id), r)),
  );
  return (
    <div className="app-check">
      <span className="govuk-caption-m">
        Question {number} of {of}
      </span>
      <Radios<CheckAnswer>
        id={`checks-${id}`}
        legend={question}
        {...(hint ? { hint } : {})}
        value={resp.answer}
        inline
        error={error}
        disabled={readOnly}
        onChange={(a) => setResp({ ...resp, answer: a })}
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'partly', label: 'Partly' },
          { value: 'no', label: 'No' },
        ]}
      />
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={`note-${id}`}>
          Note (optional)
          <span className="govuk-visually-hidden">
            {' '}
            on question {number}: {question}
          </span>
        </label>
        <input
          className="govuk-input"
          id={`note-${id}`}
          value={resp.note}
          maxLength={LIMITS.note}
          readOnly={readOnly}
          onChange={(e) => setResp({ ...resp, note: e.target.value })}
        />
      </div>
    </div>
  );
}

function RatingSection({
  standard,
  variant,
  fields,
  save,
  errorFor,
  readOnly,
}: {
  standard: StandardNumber;
  variant: 'full' | 'light';
  fields: StandardFields;
  save: SaveFn;
  errorFor: (f: string) => string | undefined;
  readOnly: boolean;
}) {
  const def = getStandard(standard);
  const suggested = variant === 'light' ? suggestRag(standard, fields.checks) : null;
  const [reason, setReason] = useSyncedField(fields.ragReason, (v) =>
    save('ragReason', { ragReason: v }),
  );
  const [rag, setRag] = useSyncedField<Rag | null>(fields.rag, (r) => save('rag', { rag: r }));
  const needsReason =
    rag === 'not_rated' || (suggested !== null && rag !== null && rag !== suggested);
  const reasonField =
    needsReason || fields.ragReason ? (
      <TextArea
        id="ragReason"
        label={
          rag === 'not_rated'
            ? 'Why can you not rate this standard yet?'
            : 'Why is your rating different from the suggested one?'
        }
        value={reason}
        onChange={setReason}
        maxLength={LIMITS.note}
        rows={3}
        error={errorFor('ragReason')}
        readOnly={readOnly}
      />
    ) : null;
  return (
    <>
      <h2 className="govuk-heading-m">Rating</h2>
      {variant === 'light' ? (
        <LightRating
          standard={standard}
          checks={fields.checks}
          suggested={suggested}
          rag={rag}
          setRag={setRag}
          error={errorFor('rag')}
          readOnly={readOnly}
        />
      ) : (
        <RatingField
          standard={def}
          value={rag}
          onChange={setRag}
          error={errorFor('rag')}
          disabled={readOnly}
        />
      )}
      {reasonField}
    </>
  );
}

/** Plain words for each rating on the light form (the full form's guides are for professionals). */
const LIGHT_RATING_HINTS: Record<Rag, string> = {
  green: 'Everything these questions ask about is in place.',
  amber: 'Most things are in place; some still need work.',
  red: 'Something important is missing and needs putting right now.',
  not_rated: 'You cannot give a rating yet. Say why below.',
};

/**
 * The light form's rating (issue 15): the suggestion from the answers is
 * chosen for the person and said in one line ("We suggest Amber because you
 * answered partly to 1 question"); "Change rating" shows the four options.
 * While the rating is still the suggestion, it follows the answers; once the
 * person chooses another, it is theirs and the options stay open.
 */
function LightRating({
  standard,
  checks,
  suggested,
  rag,
  setRag,
  error,
  readOnly,
}: {
  standard: StandardNumber;
  checks: StandardFields['checks'];
  suggested: Rag | null;
  rag: Rag | null;
  setRag: (r: Rag) => void;
  error?: string | undefined;
  readOnly: boolean;
}) {
  const [changing, setChanging] = useState(false);
  const following = useRef(suggested);
  useEffect(() => {
    const was = following.current;
    following.current = suggested;
    if (readOnly || suggested === null || rag === suggested) return;
    // Pre-selected: unrated, or still the earlier suggestion (the person never chose another).
    if (rag === null || (rag === was && !changing)) setRag(suggested);
  }, [suggested, rag, readOnly, changing, setRag]);
  const reason = suggestionReason(standard, checks);
  const open = changing || !!error || (rag !== null && rag !== suggested) || suggested === null;
  return (
    <>
      <p className="govuk-body" data-testid="suggested-rag">
        {suggested && reason ? (
          <>
            We suggest <strong>{RAG_SCALE[suggested].label}</strong> because {reason}.
          </>
        ) : (
          'Answer the questions above and we will suggest a rating.'
        )}
      </p>
      {open && suggested !== null ? (
        <Radios<Rag>
          id="rag"
          legend="Your rating"
          value={rag}
          onChange={setRag}
          error={error}
          disabled={readOnly}
          options={(['green', 'amber', 'red', 'not_rated'] as const).map((r) => ({
            value: r,
            label: RAG_SCALE[r].label,
            hint: LIGHT_RATING_HINTS[r],
          }))}
        />
      ) : suggested !== null && !readOnly ? (
        <p className="govuk-body">
          <button
            type="button"
            id="rag"
            className="govuk-link app-link-button app-touch-target"
            aria-expanded="false"
            onClick={() => setChanging(true)}
          >
            Change rating
          </button>
        </p>
      ) : null}
      {error && suggested === null ? (
        <p className="govuk-error-message" id="rag">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
    </>
  );
}

function CompletedField({
  fields,
  save,
  error,
  readOnly,
}: {
  fields: StandardFields;
  save: SaveFn;
  error?: string | undefined;
  readOnly: boolean;
}) {
  const [completed, setCompleted] = useSyncedField(fields.completed, (v) =>
    save('completed', { completed: v }),
  );
  // "No" shows only once the user has chosen it: the question starts unanswered.
  const [saidNo, setSaidNo] = useState(false);
  return (
    <Radios<'yes' | 'no'>
      id="completed"
      legend="Have you completed this section?"
      value={completed ? 'yes' : saidNo ? 'no' : null}
      onChange={(v) => {
        setSaidNo(v === 'no');
        setCompleted(v === 'yes');
      }}
      error={error}
      disabled={readOnly}
      options={[
        { value: 'yes', label: 'Yes, I’ve completed this section' },
        { value: 'no', label: 'No, I’ll come back to it later' },
      ]}
    />
  );
}
