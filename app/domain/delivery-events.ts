import type { INVITATION_STATUSES } from "../../db/schema/nps";

export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Resend's delivery events and the invitation status each one reports. */
export const DELIVERY_EVENT_STATUS = {
  "email.sent": "sent",
  "email.delivery_delayed": "delayed",
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
} as const satisfies Record<string, InvitationStatus>;

export type DeliveryEventType = keyof typeof DELIVERY_EVENT_STATUS;

export function isDeliveryEventType(type: string): type is DeliveryEventType {
  return Object.hasOwn(DELIVERY_EVENT_STATUS, type);
}

/**
 * How far along an invitation is. Webhooks arrive out of order and more than once, so a status
 * only ever moves forward: a late "delivered" never undoes "bounced", a late "sent" never undoes
 * "delivered". Bounced, complained and failed are final. A cancelled invitation whose email went
 * out anyway (cancel raced the send) takes what the provider reports.
 */
const PROGRESS: Record<InvitationStatus, number> = {
  pending: 0,
  cancelled: 1,
  queued: 1,
  sent: 2,
  delayed: 3,
  delivered: 4,
  bounced: 5,
  complained: 5,
  failed: 5,
};

export function advancedStatus(current: InvitationStatus, reported: InvitationStatus): InvitationStatus {
  return PROGRESS[reported] > PROGRESS[current] ? reported : current;
}

/**
 * A bounce suppresses the address only when it is permanent. Resend reports `bounce.type`
 * "Permanent", "Transient" (mailbox full, greylisting) or "Undetermined"; an event without a
 * type is treated as permanent, as the provider only sends those for hard bounces.
 */
export function isHardBounce(bounceType: string | undefined): boolean {
  return bounceType === undefined || bounceType.toLowerCase() === "permanent";
}
