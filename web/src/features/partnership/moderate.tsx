import {
  ModerationInputSchema,
  RAG_SCALE,
  RETURN_STATUS_LABELS,
  STANDARDS,
  StatusChangeSchema,
  type Rag,
  type StandardNumber,
  canModerate,
  decisionsFor,
  type StatusChange,
  VARIANT_LABELS,
  ragLabel,
  suggestRag,
} from '@s11/shared';
import { useState } from 'react';
import { ErrorSummary } from '../../components/error-summary';
import { TextAreaInput } from '../../components/field';
import { Page } from '../../components/page';
import { RagTag } from '../../components/rag-tag';
import { Radios } from '../../components/radios';
import { Link } from '../../components/router';
import { StandardAnswers } from '../../components/standard-answers';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryRow } from '../../components/summary-list';
import { Table } from '../../components/table';
import { useProblemForm } from '../../components/use-problem-form';
import { useConsoleMutations, useFullReturn, type FullReturn } from './data';

/** The whole return on one page; per standard, the partnership's rating and comment beside the self-rating. */
export function ModerateReturn({ returnId, canManage }: { returnId: string; canManage: boolean }) {
  const q = useFullReturn(returnId);
  if (q.isPending) return <p className="govuk-body">Loading...</p>;
  if (q.isError) return <Page title="Return not found" />;
  return <ModerationPage r={q.data} canManage={canManage} />;
}

function ModerationPage({ r, canManage }: { r: FullReturn; canManage: boolean }) {
  const { setStatus } = useConsoleMutations();
  const [decided, setDecided] = useState<string | null>(null);
  const decisions = decisionsFor(r.return.status);
  // The decision is the page's form: its summary sits at the top of the page.
  const decision = useProblemForm({
    schema: StatusChangeSchema,
    defaultValues: { status: 'accepted', message: '' },
    idPrefix: 'status-',
    fallbackField: 'message',
    onSubmit: async (v) => {
      await setStatus.mutateAsync({ returnId: r.return.id, ...v });
      setDecided(
        v.status === 'accepted'
          ? 'Return accepted. The organisation can see it has been accepted.'
          : 'Return sent back for changes, with your message. The organisation can change it and send it again.',
      );
    },
  });
  const decide = (status: StatusChange['status']) => () => decision.form.setValue('status', status);
  return (
    <>
      <Link to="/partnership/returns" className="govuk-back-link">
        Back to returns
      </Link>
      <Page
        title={r.organisation?.name ?? 'Return'}
        caption={`${r.cycle?.name ?? ''} · ${VARIANT_LABELS[r.return.variant]}`}
        {...decision.page}
      >
        {decided ? <SuccessBanner id="decision-done">{decided}</SuccessBanner> : null}
        <p className="govuk-body">
          Status: <strong>{RETURN_STATUS_LABELS[r.return.status]}</strong>
          {r.return.signOff
            ? ` · signed off by ${r.return.signOff.name}, ${r.return.signOff.jobTitle}`
            : ''}
        </p>
        <RatingsSummary r={r} />
        {STANDARDS.map((s) => (
          <StandardReview
            key={s.number}
            r={r}
            standard={s.number}
            canModerate={canManage && canModerate(r.return.status)}
          />
        ))}
        {canManage && decisions.length ? (
          <form className="app-decision" {...decision.formProps}>
            <h2 className="govuk-heading-m">Decision</h2>
            <TextAreaInput
              label="Message to the organisation (needed to return it for changes)"
              labelSize="regular"
              rows={3}
              {...decision.field('message')}
            />
            <div className="govuk-button-group">
              {decisions.includes('accepted') ? (
                <button
                  type="submit"
                  className="govuk-button"
                  disabled={decision.submitting}
                  onClick={decide('accepted')}
                >
                  Accept the return
                </button>
              ) : null}
              <button
                type="submit"
                className="govuk-button govuk-button--secondary"
                disabled={decision.submitting}
                onClick={decide('returned_for_changes')}
              >
                Return it for changes
              </button>
            </div>
          </form>
        ) : null}
      </Page>
    </>
  );
}

function StandardReview({
  r,
  standard,
  canModerate,
}: {
  r: FullReturn;
  standard: StandardNumber;
  canModerate: boolean;
}) {
  const s = STANDARDS[standard - 1];
  const resp = r.standards.find((x) => x.standard === standard)?.fields;
  const mod = r.moderations.find((m) => m.standard === standard);
  const { moderate } = useConsoleMutations();
  const form = useProblemForm({
    schema: ModerationInputSchema,
    defaultValues: { rag: mod?.rag, comment: mod?.comment ?? '' },
    idPrefix: `mod-${String(standard)}-`,
    onSubmit: (input) => moderate.mutateAsync({ returnId: r.return.id, standard, input }),
  });
  if (!s) return null;
  const acts = r.actions.filter((a) => a.fields.standard === standard && !a.deleted);
  const rag = form.form.watch('rag');
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">
          {standard}. {s.title}
        </h2>
      </div>
      <div className="govuk-summary-card__content">
        <StandardAnswers
          standard={standard}
          variant={r.return.variant}
          fields={resp}
          actions={acts.map((a) => a.fields)}
        >
          <SummaryRow
            label="Partnership’s rating"
            testId={`moderation-${String(standard)}`}
            empty="Not moderated"
            value={
              mod ? (
                <>
                  <RagTag rag={mod.rag} /> {mod.comment}
                </>
              ) : null
            }
          />
        </StandardAnswers>
        {canModerate ? (
          // Several standards' forms share the page: each shows its own summary above it.
          <form className="app-moderation-form" {...form.formProps}>
            <ErrorSummary {...form.page} />
            <Radios<Rag>
              id={form.idOf('rag')}
              legend={`Partnership rating for standard ${String(standard)}`}
              inline
              small
              value={rag}
              error={form.error('rag')}
              onChange={(v) =>
                form.form.setValue('rag', v, { shouldValidate: form.form.formState.isSubmitted })
              }
              options={(['green', 'amber', 'red', 'not_rated'] as const).map((x) => ({
                value: x,
                label: RAG_SCALE[x].label,
              }))}
            />
            <TextAreaInput
              label={`Comment for standard ${String(standard)}`}
              labelSize="regular"
              rows={2}
              {...form.field('comment')}
            />
            <button
              type="submit"
              className="govuk-button govuk-button--secondary"
              disabled={form.submitting}
            >
              Save moderation for standard {standard}
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The ratings at a glance, before the answers: per standard, the
 * organisation's own rating, the partnership's, and (light form) the rating
 * suggested by the answers where the organisation chose another.
 */
function RatingsSummary({ r }: { r: FullReturn }) {
  const light = r.return.variant === 'light';
  const rows = STANDARDS.map((s) => {
    const fields = r.standards.find((x) => x.standard === s.number)?.fields;
    const suggested = light && fields ? suggestRag(s.number, fields.checks) : null;
    return {
      s,
      self: fields?.rag ?? null,
      partnership: r.moderations.find((m) => m.standard === s.number)?.rag ?? null,
      suggested: suggested && suggested !== fields?.rag ? suggested : null,
    };
  });
  return (
    <Table
      caption="Ratings by standard"
      captionSize="m"
      testId="ratings-summary"
      rows={rows}
      rowKey={(x) => String(x.s.number)}
      columns={[
        { header: 'Standard', rowHeader: true, cell: (x) => `${String(x.s.number)}. ${x.s.title}` },
        { header: 'Self-rating', cell: (x) => ragLabel(x.self) },
        {
          header: 'Partnership’s rating',
          cell: (x) => (x.partnership ? RAG_SCALE[x.partnership].label : 'Not moderated'),
        },
        ...(light
          ? [
              {
                header: 'Suggested by the answers',
                cell: (x: (typeof rows)[number]) =>
                  x.suggested ? `${RAG_SCALE[x.suggested].label} (changed)` : '',
              },
            ]
          : []),
      ]}
    />
  );
}
