import { Trans, useTranslation } from "react-i18next";
import { isCaseOverdue, type CaseStatus } from "../domain/case-workflow";
import { LocalTime } from "./local-time";

/** A case status in the reader's language (未対応, 連絡済み, …). */
export function useCaseStatusLabel(): (status: CaseStatus) => string {
  const { t } = useTranslation("console");
  return (status) => t(`shared.caseStatus.${status}`);
}

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const label = useCaseStatusLabel();
  return <span className={`badge case-${status}`}>{label(status)}</span>;
}

/** The due date, marked when an active case is past it. */
export function CaseDue({ status, dueAt, now }: { status: CaseStatus; dueAt: number; now: number }) {
  const { t } = useTranslation("console");
  const overdue = isCaseOverdue(status, dueAt, now);
  return (
    <span className={overdue ? "case-due overdue" : "case-due"}>
      <Trans t={t} i18nKey={overdue ? "shared.overdueSince" : "shared.due"} components={{ date: <LocalTime value={dueAt} dateOnly /> }} />
    </span>
  );
}
