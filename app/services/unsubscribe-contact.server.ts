import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { contacts } from "../../db/schema";
import { audit } from "../models/audit.server";
import { findContactByUnsubscribeToken } from "../models/invitation.server";
import { transaction } from "../utils/db.server";

export type SubscriptionChange = "unsubscribed" | "resubscribed" | "unchanged" | "not-found";

/**
 * Stops (or restarts) NPS surveys for the contact an unsubscribe link belongs to. Campaign
 * targeting skips contacts with `unsubscribedAt`, so this is the whole opt-out. Idempotent:
 * repeating it changes nothing and writes nothing.
 */
export function setSurveySubscription(
  token: string,
  want: "unsubscribe" | "resubscribe",
  context: { ip: string; via: "page" | "one-click" },
  now = Date.now(),
): SubscriptionChange {
  const target = findContactByUnsubscribeToken(token);
  if (!target) return "not-found";
  return transaction((tx) => {
    const changed =
      want === "unsubscribe"
        ? tx
            .update(contacts)
            .set({ unsubscribedAt: new Date(now), updatedAt: new Date(now) })
            .where(and(eq(contacts.id, target.contactId), isNull(contacts.unsubscribedAt)))
            .run()
        : tx
            .update(contacts)
            .set({ unsubscribedAt: null, updatedAt: new Date(now) })
            .where(and(eq(contacts.id, target.contactId), isNotNull(contacts.unsubscribedAt)))
            .run();
    if (changed.changes === 0) return "unchanged";
    audit(
      {
        action: want === "unsubscribe" ? "contact.unsubscribed" : "contact.resubscribed",
        entity: "contact",
        entityId: target.contactId,
        ip: context.ip,
        detail: { invitationId: target.invitationId, via: context.via },
      },
      tx,
    );
    return want === "unsubscribe" ? "unsubscribed" : "resubscribed";
  });
}
