import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CaseStatus } from "../domain/case-workflow";
import { CaseDue, CaseStatusBadge } from "./case-status";

export type FollowUpSummary = { caseId: number; status: CaseStatus; dueAt: number; ownerName: string | null };

/** A response's follow-up case in a list: status, owner and due date, or a dash when there is none. */
export function FollowUpCell({ followUp, now }: { followUp: FollowUpSummary | null; now: number }) {
  const { t } = useTranslation("console");
  if (!followUp) return <span className="muted">{t("shared.none")}</span>;
  return (
    <div className="follow-up-cell">
      <Link to={`/cs/cases/${followUp.caseId}`}>
        <CaseStatusBadge status={followUp.status} />
      </Link>
      <div className="small">{followUp.ownerName ?? <span className="muted">{t("shared.unassigned")}</span>}</div>
      <div className="small">
        <CaseDue status={followUp.status} dueAt={followUp.dueAt} now={now} dense />
      </div>
    </div>
  );
}
