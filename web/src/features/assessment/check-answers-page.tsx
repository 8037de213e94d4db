import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  SignOffInputSchema,
  getStandard,
  type SignOffInput,
  hasArrived,
  canEdit,
} from '@s11/shared';
import { ErrorSummary, FieldError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { Link, navigate } from '../../components/router';
import { offline, useMe, type LocalReturn } from '../../offline';
import { useReturnData } from './use-return-data';
import { AnswersSummary } from './answers-summary';

/** Check your answers, then a signatory signs off and sends the return. */
export function CheckAnswersPage({ returnId }: { returnId: string }) {
  const data = useReturnData(returnId);
  const me = useMe();
  if (data.loading || !data.ret || !data.completeness)
    return <p className="govuk-body">Loading...</p>;
  const ret = data.ret;
  const canSign = !!me?.memberships.some(
    (m) =>
      m.scope === 'organisation' &&
      m.role === 'org_signatory' &&
      m.organisationId === ret.organisationId,
  );
  const editable = canEdit(ret.status);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <Link to={`/returns/${returnId}`} className="govuk-back-link">
          Back to your task list
        </Link>
        <Page
          title="Check your answers before sending your return"
          caption={ret.organisation?.name}
        >
          <AnswersSummary data={data} changeLinks={editable} />
          {!editable ? null : !data.completeness.complete ? (
            <div className="govuk-inset-text">
              Some standards are not completed yet:{' '}
              {data.completeness.standards
                .filter((s) => s.status !== 'completed')
                .map((s) => `${String(s.standard)}. ${getStandard(s.standard).title}`)
                .join('; ')}
              .
            </div>
          ) : canSign ? (
            <SignOffForm ret={ret} defaultName={me?.name ?? ''} />
          ) : (
            <div className="govuk-inset-text">
              Your return is ready. Ask your organisation’s signatory (the senior lead) to sign in
              on this or another device to sign it off and send it.
            </div>
          )}
        </Page>
      </div>
    </div>
  );
}

function SignOffForm({ ret, defaultName }: { ret: LocalReturn; defaultName: string }) {
  const [tries, setTries] = useState(0);
  const { register, handleSubmit, formState } = useForm<SignOffInput>({
    shouldFocusError: false,
    resolver: zodResolver(SignOffInputSchema),
    defaultValues: { name: defaultName, jobTitle: '', declaration: false as unknown as true },
  });
  const e = formState.errors;
  const errors = [
    ...(e.name?.message ? [{ field: 'signoff-name', message: e.name.message }] : []),
    ...(e.jobTitle?.message ? [{ field: 'signoff-job', message: e.jobTitle.message }] : []),
    ...(e.declaration?.message
      ? [{ field: 'signoff-declaration', message: e.declaration.message }]
      : []),
  ];
  const submit = handleSubmit(
    async (v) => {
      await offline.submit(ret.id, v);
      navigate(`/returns/${ret.id}/sent`, { replace: true });
    },
    () => setTries((n) => n + 1),
  );
  return (
    <form noValidate onSubmit={(ev) => void submit(ev)}>
      <ErrorSummary errors={errors} focusKey={tries} />
      <h2 className="govuk-heading-m">Sign off and send</h2>
      <div className={`govuk-form-group${e.name ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="signoff-name">
          Your full name
        </label>
        <FieldError id="signoff-name" message={e.name?.message} />
        <input
          className="govuk-input"
          id="signoff-name"
          autoComplete="name"
          {...register('name')}
        />
      </div>
      <div className={`govuk-form-group${e.jobTitle ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="signoff-job">
          Your job title
        </label>
        <FieldError id="signoff-job" message={e.jobTitle?.message} />
        <input
          className="govuk-input"
          id="signoff-job"
          autoComplete="organization-title"
          {...register('jobTitle')}
        />
      </div>
      <div className={`govuk-form-group${e.declaration ? ' govuk-form-group--error' : ''}`}>
        <FieldError id="signoff-declaration" message={e.declaration?.message} />
        <div className="govuk-checkboxes" data-module="govuk-checkboxes">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="signoff-declaration"
              type="checkbox"
              {...register('declaration')}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="signoff-declaration">
              I confirm that, to the best of my knowledge, this self-assessment is accurate and I am
              authorised to sign it off for my organisation.
            </label>
          </div>
        </div>
      </div>
      <button type="submit" className="govuk-button" disabled={formState.isSubmitting}>
        Sign off and send
      </button>
    </form>
  );
}

/** The confirmation page: says plainly whether the return has reached the partnership. */
export function SentPage({ returnId }: { returnId: string }) {
  const { ret } = useReturnData(returnId);
  if (!ret) return <p className="govuk-body">Loading...</p>;
  const arrived = hasArrived(ret.status);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {arrived ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Return sent</h1>
            <div className="govuk-panel__body">Your partnership has received it</div>
          </div>
        ) : (
          <Page title="Your return will be sent when you are back online">
            <p className="govuk-body" data-testid="queued-submission">
              It is signed off and saved on this device. Keep this device and open S11 Portal when
              you have a connection; it will be sent automatically.
            </p>
          </Page>
        )}
        <p className="govuk-body">
          <Link to={`/returns/${returnId}`} className="govuk-link">
            View your return
          </Link>
        </p>
      </div>
    </div>
  );
}
