import type { z } from "zod";
import { queueDayRekey } from "../jobs/aggregate-days-rekey.server";
import { audit } from "../models/audit.server";
import { getSetting, putSetting, SETTINGS } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { refusalOfIssue } from "../domain/field-message";
import { assertMayChangeSettings } from "./settings-access.server";

export type CloseTheLoopSettings = z.infer<typeof SETTINGS.closeTheLoop.schema>;

/**
 * Saves how follow-up cases fall due (SLA in business days, the team's zone and holidays) and
 * which tech-touch detractors get a case (ACV thresholds, minor units per currency). Cases
 * already open keep their due time; new ones use these. Holidays are stored sorted and once each.
 * A new zone also moves the dashboard's days to it: the re-keying job is queued with the change.
 */
export function updateCloseTheLoopSettings(actor: StaffUser, input: CloseTheLoopSettings, ip?: string): CloseTheLoopSettings {
  assertMayChangeSettings(actor);
  const parsed = SETTINGS.closeTheLoop.schema.safeParse({ ...input, holidays: [...new Set(input.holidays)].sort() });
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const after = parsed.data;
  return transaction((tx) => {
    const before = getSetting("closeTheLoop");
    putSetting("closeTheLoop", after);
    if (after.timeZone !== before.timeZone) queueDayRekey(tx, after.timeZone);
    audit(
      { actorUserId: actor.id, action: "settings.close_the_loop_updated", entity: "settings", entityId: "closeTheLoop", ip, detail: { before, after } },
      tx,
    );
    return after;
  });
}
