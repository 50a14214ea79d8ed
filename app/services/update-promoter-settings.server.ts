import type { z } from "zod";
import { audit } from "../models/audit.server";
import { getSetting, putSetting, SETTINGS } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { ServiceError } from "../domain/service-error";
import { assertMayChangeSettings } from "./settings-access.server";

export type PromoterActionSettings = z.infer<typeof SETTINGS.promoterActions.schema>;

export const PROMOTER_SETTINGS_AUDIT = "settings.promoter_actions_updated";

/** Longer than any review page's address; the link goes into customers' emails as it is. */
export const REVIEW_URL_MAX_LENGTH = 500;

export type ReviewUrlChange = "set" | "replaced" | "removed" | "unchanged";

/**
 * Sets or clears the link promoters are asked to review the product at ("Ask for a review" on a
 * response). The address is stored in its normal form (lower-case scheme and host), so saving the
 * same link typed differently changes nothing. It is not a secret: the audit entry keeps both.
 */
export function updatePromoterSettings(actor: StaffUser, input: PromoterActionSettings, ip?: string): { reviewUrl: string | null; change: ReviewUrlChange } {
  assertMayChangeSettings(actor);
  const next = input.reviewUrl === null ? null : normalWebAddress(input.reviewUrl);
  const parsed = SETTINGS.promoterActions.schema.safeParse({ reviewUrl: next });
  // An address that does not normalise is refused, never taken for "none".
  if ((input.reviewUrl !== null && next === null) || !parsed.success || (next !== null && next.length > REVIEW_URL_MAX_LENGTH)) {
    throw new ServiceError(400, "settingsReviewUrl", { max: REVIEW_URL_MAX_LENGTH }, "reviewUrl");
  }
  const after = parsed.data.reviewUrl;
  return transaction((tx) => {
    const before = getSetting("promoterActions").reviewUrl;
    const change: ReviewUrlChange = before === after ? "unchanged" : after === null ? "removed" : before === null ? "set" : "replaced";
    if (change === "unchanged") return { reviewUrl: after, change };
    putSetting("promoterActions", { reviewUrl: after });
    audit({ actorUserId: actor.id, action: PROMOTER_SETTINGS_AUDIT, entity: "settings", entityId: "promoterActions", ip, detail: { before, after } }, tx);
    return { reviewUrl: after, change };
  });
}

/** The address as browsers write it, or null when it is not a plain http(s) address (no user:password@). */
function normalWebAddress(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
    if (parsed.username || parsed.password || !parsed.hostname) return null;
    return parsed.href;
  } catch {
    return null;
  }
}
