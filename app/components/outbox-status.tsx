import type { OutboxStatus } from "../models/outbox.server";

export const OUTBOX_STATUS_LABEL: Record<OutboxStatus, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  local: "Local",
  dead: "Dead",
};

/** In the order an email moves through them (the record above guarantees every status is named). */
export const OUTBOX_STATUS_LIST = Object.keys(OUTBOX_STATUS_LABEL) as [OutboxStatus, ...OutboxStatus[]];

export const OUTBOX_STATUS_HELP: Record<OutboxStatus, string> = {
  queued: "Waiting to be sent, or to be retried after a failure.",
  sending: "Being handed to Resend right now.",
  sent: "Accepted by Resend for delivery.",
  local: "Kept in this outbox instead of sent: no RESEND_API_KEY is configured.",
  dead: "Kizuna gave up on this email. The last error says why.",
};

export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  return (
    <span className={`badge status-${status}`} title={OUTBOX_STATUS_HELP[status]}>
      {OUTBOX_STATUS_LABEL[status]}
    </span>
  );
}
