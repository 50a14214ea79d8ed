export type CampaignStatus = "draft" | "scheduled" | "sending" | "sent" | "cancelled" | "closed";

export const CAMPAIGN_STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  sent: "Sent",
  cancelled: "Cancelled",
  closed: "Closed",
};

const HELP: Record<CampaignStatus, string> = {
  draft: "Not launched yet.",
  scheduled: "Waiting for its start time.",
  sending: "Invitations are being written and sent.",
  sent: "Every invitation is written; answers keep arriving until the campaign closes.",
  cancelled: "Stopped: emails not yet sent were not sent.",
  closed: "Closed: answers are no longer changed.",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span className={`badge campaign-${status}`} title={HELP[status]}>
      {CAMPAIGN_STATUS_LABEL[status]}
    </span>
  );
}

/** "12.5 %" or an em dash before anyone could answer. */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${rate.toLocaleString("en", { maximumFractionDigits: 1 })} %`;
}
