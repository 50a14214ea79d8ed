import { Trans, useTranslation } from "react-i18next";
import { isCaseOverdue, type CaseStatus } from "../domain/case-workflow";
import { LocalTime } from "./local-time";
import { useFormat } from "./use-format";

/** A case status in the reader's language (未対応, 連絡済み, …). */
export function useCaseStatusLabel(): (status: CaseStatus) => string {
  const { t } = useTranslation("console");
  return (status) => t(`shared.caseStatus.${status}`);
}

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const label = useCaseStatusLabel();
  return <span className={`badge case-${status}`}>{label(status)}</span>;
}

/** The due date, marked when an active case is past it; `dense` (a table row) writes it short: "12/7", "Dec 7". */
export function CaseDue({ status, dueAt, now, dense = false }: { status: CaseStatus; dueAt: number; now: number; dense?: boolean }) {
  const { t } = useTranslation("console");
  const overdue = isCaseOverdue(status, dueAt, now);
  // A component of its own: Trans gives the element the (empty) children of `<date></date>`, which these ignore.
  const date = dense ? <ShortDate value={dueAt} now={now} /> : <LocalTime value={dueAt} dateOnly />;
  return (
    <span className={overdue ? "case-due overdue" : "case-due"}>
      <Trans t={t} i18nKey={overdue ? "shared.overdueSince" : "shared.due"} components={{ date }} />
    </span>
  );
}

/** A date in a dense table ("12/7", "Dec 7"), the full date in its title. */
function ShortDate({ value, now }: { value: number; now: number }) {
  const format = useFormat();
  return (
    <time dateTime={new Date(value).toISOString()} title={format.date(value)}>
      {format.dateShort(value, now)}
    </time>
  );
}
