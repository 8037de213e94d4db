import { RETURN_STATUS_LABELS, formatDate } from '@s11/shared';
import { Page } from '../../components/page';
import { Link } from '../../components/router';
import { AnswersSummary } from './answers-summary';
import { useReturnData } from './use-return-data';

/** After submission: read-only, with the partnership's moderation as it arrives, and printable. */
export function SubmittedView({ returnId }: { returnId: string }) {
  const data = useReturnData(returnId);
  const ret = data.ret;
  if (!ret) return null;
  return (
    <Page title={`${ret.organisation?.name ?? 'Your'} Section 11 return`} caption={ret.cycle?.name}>
      <p className="govuk-body">
        Status:{' '}
        <strong className="govuk-tag govuk-tag--green">{RETURN_STATUS_LABELS[ret.status]}</strong>
      </p>
      {ret.signOff ? (
        <p className="govuk-body">
          Signed off by {ret.signOff.name}, {ret.signOff.jobTitle}, on{' '}
          {formatDate(ret.signOff.signedAt)}.
        </p>
      ) : null}
      {data.moderations.length ? (
        <p className="govuk-body">
          The partnership has reviewed your return: its ratings and comments are shown under each
          standard.
        </p>
      ) : null}
      <div className="govuk-button-group app-no-print">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => window.print()}
        >
          Print or save as PDF
        </button>
        <Link to="/" className="govuk-link">
          Back to your returns
        </Link>
      </div>
      <AnswersSummary data={data} changeLinks={false} />
    </Page>
  );
}
