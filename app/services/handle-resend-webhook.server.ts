import { eq } from "drizzle-orm";
import { z } from "zod";
import { invitations, outbox, webhookEvents } from "../../db/schema";
import { advancedStatus, DELIVERY_EVENT_STATUS, isDeliveryEventType, isHardBounce } from "../domain/delivery-events";
import { verifySvix, type SvixHeaders } from "../utils/svix.server";
import { suppressAddress } from "../models/suppression.server";
import { transaction } from "../utils/db.server";

/** Largest webhook body read; Resend's events are a few KB. */
export const WEBHOOK_MAX_BODY_BYTES = 256 * 1024;

export type WebhookOutcome = {
  status: 200 | 400 | 401 | 503;
  message: string;
  /** What was done with a verified event: applied to an invitation, only recorded, or a replay. */
  result?: "applied" | "recorded" | "duplicate";
};

const ResendEvent = z.looseObject({
  type: z.string().min(1).max(100),
  created_at: z.string().max(100).optional(),
  data: z.looseObject({
    email_id: z.string().min(1).max(200).optional(),
    bounce: z
      .looseObject({ type: z.string().max(100).optional(), subType: z.string().max(100).optional(), message: z.string().max(2000).optional() })
      .optional(),
  }),
});

function eventTime(createdAt: string | undefined, fallback: number): number {
  const parsed = createdAt ? Date.parse(createdAt) : NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
}

/**
 * A delivery event from Resend: verified over the raw body (Svix), recorded by its `svix-id`
 * in the same transaction as its effect (a replay finds the id and changes nothing), then
 * mapped onto the invitation whose email it reports. Hard bounces and complaints put the
 * address on the suppression list, whichever email of ours caused them.
 */
export function handleResendWebhook(input: { secret: string | undefined; headers: SvixHeaders; body: string; now?: number }): WebhookOutcome {
  const now = input.now ?? Date.now();
  if (!input.secret) {
    return {
      status: 503,
      message: "Delivery webhooks are not configured: set RESEND_WEBHOOK_SECRET (whsec_…) to the signing secret Resend shows for this endpoint.",
    };
  }
  const verified = verifySvix(input.secret, input.headers, input.body, now);
  if (!verified.ok) return { status: verified.status, message: verified.message };

  let json: unknown;
  try {
    json = JSON.parse(input.body);
  } catch {
    return { status: 400, message: "The webhook body is not valid JSON." };
  }
  const parsed = ResendEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 400, message: `The webhook body is not a Resend event: ${issue.path.join(".") || "body"}: ${issue.message}.` };
  }
  const event = parsed.data;
  const emailId = event.data.email_id;
  if (isDeliveryEventType(event.type) && !emailId) return { status: 400, message: `A ${event.type} event needs data.email_id.` };

  return transaction((tx) => {
    const fresh = tx.insert(webhookEvents).values({ id: verified.id, type: event.type, receivedAt: now }).onConflictDoNothing().run().changes === 1;
    if (!fresh) return { status: 200, message: "Already processed.", result: "duplicate" } as const;
    if (!isDeliveryEventType(event.type)) return { status: 200, message: `Recorded; ${event.type} events change nothing.`, result: "recorded" } as const;

    const mail = tx.select({ id: outbox.id, toEmail: outbox.toEmail }).from(outbox).where(eq(outbox.providerId, emailId!)).get();
    if (!mail) return { status: 200, message: "Recorded; no email of ours has this id.", result: "recorded" } as const;

    const at = eventTime(event.created_at, now);
    const reported = DELIVERY_EVENT_STATUS[event.type];
    const invitation = tx
      .select({
        id: invitations.id,
        status: invitations.status,
        sentAt: invitations.sentAt,
        deliveredAt: invitations.deliveredAt,
        bouncedAt: invitations.bouncedAt,
      })
      .from(invitations)
      .where(eq(invitations.outboxId, mail.id))
      .get();
    if (invitation) {
      // Any event after sending implies it was sent; each timestamp keeps its first value.
      const change = {
        status: advancedStatus(invitation.status, reported),
        sentAt: invitation.sentAt ?? at,
        deliveredAt: reported === "delivered" ? (invitation.deliveredAt ?? at) : invitation.deliveredAt,
        bouncedAt: reported === "bounced" ? (invitation.bouncedAt ?? at) : invitation.bouncedAt,
      };
      tx.update(invitations).set(change).where(eq(invitations.id, invitation.id)).run();
    }
    const bounce = event.data.bounce;
    if (reported === "bounced" && isHardBounce(bounce?.type)) {
      suppressAddress(tx, mail.toEmail, "bounced", [bounce?.type, bounce?.subType, bounce?.message].filter(Boolean).join(": ") || null, at);
    } else if (reported === "complained") {
      suppressAddress(tx, mail.toEmail, "complained", "Marked as spam by the recipient", at);
    }
    return { status: 200, message: `Applied ${event.type}.`, result: "applied" } as const;
  });
}
