import { CASE_STATUS_LABEL, isCaseOverdue, type CaseStatus } from "../domain/case-workflow";
import { LocalTime } from "./local-time";

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return <span className={`badge case-${status}`}>{CASE_STATUS_LABEL[status]}</span>;
}

/** The due date, marked when an active case is past it. */
export function CaseDue({ status, dueAt, now }: { status: CaseStatus; dueAt: number; now: number }) {
  const overdue = isCaseOverdue(status, dueAt, now);
  return (
    <span className={overdue ? "case-due overdue" : "case-due"}>
      {overdue ? "Overdue since " : "Due "}
      <LocalTime value={dueAt} dateOnly />
    </span>
  );
}
