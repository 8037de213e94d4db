import { SignOffInputSchema, getStandard, canEdit } from '@s11/shared';
import { Checkbox, TextInput } from '../../components/field';
import { Page } from '../../components/page';
import { Link, navigate } from '../../components/router';
import { useProblemForm } from '../../components/use-problem-form';
import { offline, useMe, type LocalReturn, type Me } from '../../offline';
import { useReturnData } from './use-return-data';
import { AnswersSummary } from './answers-summary';

/** Check your answers, then a signatory signs off and sends the return. */
export function CheckAnswersPage({ returnId }: { returnId: string }) {
  const data = useReturnData(returnId);
  const me = useMe();
  // The form starts from the signed-in person's name: wait for it too.
  if (data.loading || !data.ret || !data.completeness || me === undefined)
    return <p className="govuk-body">Loading...</p>;
  return <CheckAnswers data={data} ret={data.ret} me={me} />;
}

function CheckAnswers({
  data,
  ret,
  me,
}: {
  data: ReturnType<typeof useReturnData>;
  ret: LocalReturn;
  me: Me | null;
}) {
  const canSign = !!me?.memberships.some(
    (m) =>
      m.scope === 'organisation' &&
      m.role === 'org_signatory' &&
      m.organisationId === ret.organisationId,
  );
  const editable = canEdit(ret.status);
  // The sign-off is the page's form: its summary sits at the top of the page.
  const form = useProblemForm({
    schema: SignOffInputSchema,
    defaultValues: { name: me?.name ?? '', jobTitle: '', declaration: false as unknown as true },
    idPrefix: 'signoff-',
    onSubmit: async (v) => {
      await offline.submit(ret.id, v);
      navigate(`/returns/${ret.id}/sent`, { replace: true });
    },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <Link to={`/returns/${ret.id}`} className="govuk-back-link">
          Back to your task list
        </Link>
        <Page
          title="Check your answers before sending your return"
          caption={ret.organisation?.name}
          {...form.page}
        >
          <AnswersSummary data={data} changeLinks={editable} />
          {!editable ? null : !data.completeness?.complete ? (
            <div className="govuk-inset-text">
              Some standards are not completed yet:{' '}
              {data.completeness?.standards
                .filter((s) => s.status !== 'completed')
                .map((s) => `${String(s.standard)}. ${getStandard(s.standard).title}`)
                .join('; ')}
              .
            </div>
          ) : canSign ? (
            <form {...form.formProps}>
              <h2 className="govuk-heading-m">Sign off and send</h2>
              <TextInput
                label="Your full name"
                labelSize="regular"
                autoComplete="name"
                {...form.field('name')}
              />
              <TextInput
                label="Your job title"
                labelSize="regular"
                autoComplete="organization-title"
                {...form.field('jobTitle')}
              />
              <Checkbox
                label="I confirm that, to the best of my knowledge, this self-assessment is accurate and I am authorised to sign it off for my organisation."
                {...form.field('declaration')}
              />
              <button type="submit" className="govuk-button" disabled={form.submitting}>
                Sign off and send
              </button>
            </form>
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
