import { ServiceError } from "../domain/service-error";
import { guideInputOf, type GuideEditorForm } from "../domain/guide-form";
import type { GuideFieldError } from "../domain/guides";
import { audit } from "../models/audit.server";
import { findGuidesByKey } from "../models/guide.server";
import { guideRow, setGuideDelays } from "../models/onboarding-console.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";
import { publishGuides, type PublishGuidesResult } from "./publish-guides.server";

/**
 * The console editor's save: the form becomes the guide JSON and goes through `publishGuides`, the
 * path `PUT /api/v1/guides` takes (a changed step list is a new version, an identical guide changes
 * nothing). The nudge and stall days live outside that JSON, so they are written after, audited
 * when they change. Editing an existing guide never changes its key (imports find a guide by it).
 */
export function saveGuide(
  actor: Actor,
  form: GuideEditorForm,
  existingId: number | null,
  now = Date.now(),
): { ok: true; id: number; result: Extract<PublishGuidesResult, { ok: true }> } | { ok: false; errors: GuideFieldError[] } {
  assertCan(actor, "write:guide:any");
  if (existingId !== null) {
    const row = guideRow(existingId);
    if (!row) throw new ServiceError(404, "guideNotFound");
    if (row.key !== form.key) throw new ServiceError(400, "guideKeyFixed", {}, "key");
  } else if (findGuidesByKey([form.key]).size > 0) {
    throw new ServiceError(409, "guideKeyTaken", { value: form.key }, "key");
  }
  const result = publishGuides(actor, { guides: [guideInputOf(form)] }, now);
  if (!result.ok) return { ok: false, errors: result.errors.map((error) => ({ ...error, path: error.path.replace(/^guides\.0\.?/, "") })) };
  const id = findGuidesByKey([form.key]).get(form.key)!.id;
  const row = guideRow(id)!;
  if (row.nudgeAfterDays !== form.nudgeAfterDays || row.stallAfterDays !== form.stallAfterDays) {
    transaction((tx) => {
      setGuideDelays(id, { nudgeAfterDays: form.nudgeAfterDays, stallAfterDays: form.stallAfterDays }, now, tx);
      const fields = auditActorFields(actor);
      audit(
        {
          actorUserId: fields.actorUserId,
          ip: fields.ip,
          action: "guide.delays_changed",
          entity: "guide",
          entityId: id,
          detail: {
            ...fields.detail,
            key: form.key,
            from: { nudgeAfterDays: row.nudgeAfterDays, stallAfterDays: row.stallAfterDays },
            to: { nudgeAfterDays: form.nudgeAfterDays, stallAfterDays: form.stallAfterDays },
          },
        },
        tx,
      );
    });
  }
  return { ok: true, id, result };
}
