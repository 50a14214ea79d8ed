import type { SegmentThresholds } from "../domain/segments";
import { countAccountsByCurrency, recomputeSegments } from "../models/account.server";
import { audit } from "../models/audit.server";
import { getSetting, putSetting, SETTINGS } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { assertMayChangeSettings } from "./settings-access.server";

/**
 * Saves new ACV thresholds (minor units per currency) and re-derives every account's segment
 * in the same transaction, so lists never show segments from old thresholds. A currency that
 * accounts use cannot be dropped: their segment would have no rule. Returns how many moved.
 */
export function updateSegmentThresholds(actor: StaffUser, input: SegmentThresholds, ip?: string): { changed: number; currencies: string[] } {
  assertMayChangeSettings(actor);
  const parsed = SETTINGS.segmentThresholds.schema.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const thresholds = parsed.data;
  if (Object.keys(thresholds).length === 0) throw new ServiceError(400, "settingsKeepOneCurrency");
  return transaction((tx) => {
    const inUse = countAccountsByCurrency(tx);
    const dropped = Object.keys(inUse).filter((currency) => !thresholds[currency]);
    if (dropped.length > 0) {
      // Codes and counts only ("USD 1, EUR 3"): the page words the sentence around them.
      const usage = dropped.map((currency) => `${currency} ${inUse[currency]}`).join(", ");
      throw new ServiceError(400, "settingsCurrencyInUse", { usage, currencies: dropped.join(", ") });
    }
    const before = getSetting("segmentThresholds");
    putSetting("segmentThresholds", thresholds);
    const changed = recomputeSegments(tx, thresholds);
    audit({
      actorUserId: actor.id,
      action: "settings.segment_thresholds_updated",
      entity: "settings",
      entityId: "segmentThresholds",
      ip,
      detail: { before, after: thresholds, accountsChanged: changed },
    });
    return { changed, currencies: Object.keys(thresholds).sort() };
  });
}
