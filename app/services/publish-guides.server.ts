import type { Db } from "../../db/client";
import { diffGuide, enrolsOnPublish, guideHeader, parseGuidesBody, pickGuide, type GuideChange, type GuideFieldError } from "../domain/guides";
import { todayIso } from "../domain/rows";
import { DAY_MS } from "../domain/days";
import { audit } from "../models/audit.server";
import {
  findGuidesByKey,
  insertGuide,
  listPublishedGuides,
  publishedAssignments,
  publishGuideVersion,
  stepsHashOf,
  updateGuideHeader,
} from "../models/guide.server";
import { insertEnrolment, unenrolledAccountsStartedFrom } from "../models/guide-progress.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";

export type GuideCounts = Record<GuideChange, number>;
export type PublishGuidesResult =
  { ok: true; counts: GuideCounts; versions: Record<string, number>; enrolled: number } | { ok: false; errors: GuideFieldError[] };

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
    const published = new Set<number>();
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
      if (change !== "unchanged") published.add(guideId);
    }
    const enrolled = published.size > 0 ? enrolRecentAccounts(tx, published, now) : 0;
    if (counts.created + counts.updated > 0) {
      const fields = auditActorFields(actor);
      audit(
        {
          actorUserId: fields.actorUserId,
          ip: fields.ip,
          action: "guide.published",
          entity: "guide",
          detail: { ...fields.detail, ...counts, versions, enrolled },
        },
        tx,
      );
    }
    return { ok: true as const, counts, versions, enrolled };
  });
}

/**
 * Enrols the accounts that started at most `guides.enrolWithinDays` days ago (or start later) and
 * have no guide yet, when the guide their assignment picks is one just published. Older accounts
 * are never enrolled by publishing: an admin enrols them, nudges off unless chosen.
 */
function enrolRecentAccounts(tx: Db, publishedIds: ReadonlySet<number>, now: number): number {
  const days = getSetting("guides").enrolWithinDays;
  const today = todayIso(new Date(now));
  const fromDate = todayIso(new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY_MS));
  const candidates = publishedAssignments(tx);
  let enrolled = 0;
  for (const account of unenrolledAccountsStartedFrom(fromDate, tx)) {
    if (!enrolsOnPublish(account.startDate, today, days)) continue;
    const guide = pickGuide(candidates, account);
    if (!guide || !publishedIds.has(guide.id)) continue;
    insertEnrolment(
      { accountId: account.id, guideId: guide.id, versionId: guide.versionId, startedAt: account.startDate, nudges: true, enrolledBy: "publish" },
      now,
      tx,
    );
    enrolled++;
  }
  return enrolled;
}

/** `GET /api/v1/guides`: the published guides in the shape `PUT` takes. */
export function exportGuides(actor: Actor) {
  assertCan(actor, "read:guide:any");
  return listPublishedGuides().map((entry) => entry.guide);
}
