import { diffGuide, guideHeader, parseGuidesBody, type GuideChange, type GuideFieldError } from "../domain/guides";
import { audit } from "../models/audit.server";
import { findGuidesByKey, insertGuide, listPublishedGuides, publishGuideVersion, stepsHashOf, updateGuideHeader } from "../models/guide.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";

export type GuideCounts = Record<GuideChange, number>;
export type PublishGuidesResult = { ok: true; counts: GuideCounts; versions: Record<string, number> } | { ok: false; errors: GuideFieldError[] };

/**
 * `PUT /api/v1/guides`: upserts and publishes guides by key, all or nothing. An identical guide
 * changes nothing; a changed name, description, assignment or target updates the guide in place; a
 * changed step list publishes a new version (older versions stay for the accounts that have them).
 * Validation runs before anything is read, so a bad body writes nothing.
 */
export function publishGuides(actor: Actor, body: unknown, now = Date.now()): PublishGuidesResult {
  assertCan(actor, "write:guide:any");
  const parsed = parseGuidesBody(body);
  if (!parsed.guides) return { ok: false, errors: parsed.errors };
  const incoming = parsed.guides;
  return transaction((tx) => {
    const stored = findGuidesByKey(
      incoming.map((guide) => guide.key),
      tx,
    );
    const counts: GuideCounts = { created: 0, updated: 0, unchanged: 0 };
    const versions: Record<string, number> = {};
    for (const guide of incoming) {
      const existing = stored.get(guide.key);
      const { change, newVersion, headerChanged } = diffGuide(
        existing?.stepsHash ? { header: existing.header, stepsFingerprint: existing.stepsHash } : undefined,
        // The stored side is a hash, so the incoming side is compared hashed too.
        guide,
        stepsHashOf,
      );
      counts[change] += 1;
      const header = guideHeader(guide);
      const guideId = existing?.id ?? insertGuide(header, now, tx);
      if (existing && headerChanged) updateGuideHeader(existing.id, header, now, tx);
      const version = (existing?.version ?? 0) + (newVersion ? 1 : 0);
      if (newVersion) publishGuideVersion(guideId, version, guide.steps, now, tx);
      versions[guide.key] = version;
    }
    if (counts.created + counts.updated > 0) {
      const fields = auditActorFields(actor);
      audit(
        {
          actorUserId: fields.actorUserId,
          ip: fields.ip,
          action: "guide.published",
          entity: "guide",
          detail: { ...fields.detail, ...counts, versions },
        },
        tx,
      );
    }
    return { ok: true as const, counts, versions };
  });
}

/** `GET /api/v1/guides`: the published guides in the shape `PUT` takes. */
export function exportGuides(actor: Actor) {
  assertCan(actor, "read:guide:any");
  return listPublishedGuides().map((entry) => entry.guide);
}
