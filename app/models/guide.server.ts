import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { guides, guideSteps, guideVersions } from "../../db/schema";
import { canonicalGuide, stepsFingerprint, type DoneWhen, type GuideInput, type GuideStep } from "../domain/guides";
import { sha256 } from "../utils/crypto.server";
import { db } from "../utils/db.server";

/** Named queries over the guides, their versions and steps (decision 049). */

export type StoredGuideHeader = Omit<GuideInput, "steps">;
export type StoredGuide = { id: number; header: StoredGuideHeader; currentVersionId: number | null; version: number; stepsHash: string | null };

function headerOf(row: typeof guides.$inferSelect): StoredGuideHeader {
  return canonicalGuideHeader({
    key: row.key,
    name: { en: row.nameEn, ja: row.nameJa },
    description: row.descriptionEn !== null && row.descriptionJa !== null ? { en: row.descriptionEn, ja: row.descriptionJa } : undefined,
    segments: row.segments as GuideInput["segments"],
    stages: row.stages as GuideInput["stages"],
    locales: row.locales as GuideInput["locales"],
    targetDays: row.targetDays ?? undefined,
  });
}

function canonicalGuideHeader(header: StoredGuideHeader): StoredGuideHeader {
  const { steps: _steps, ...canonical } = canonicalGuide({ ...header, steps: [] });
  return canonical;
}

/** The hash a version's steps are stored under: equal steps, equal hash. */
export function stepsHashOf(steps: readonly GuideStep[]): string {
  return sha256(stepsFingerprint(steps));
}

/** Guides by key, with their current version's number and steps hash: what an import compares against. */
export function findGuidesByKey(keys: readonly string[], conn: Db = db): Map<string, StoredGuide> {
  if (keys.length === 0) return new Map();
  const rows = conn
    .select({ guide: guides, version: guideVersions.version, stepsHash: guideVersions.stepsHash })
    .from(guides)
    .leftJoin(guideVersions, eq(guideVersions.id, guides.currentVersionId))
    .where(inArray(guides.key, [...keys]))
    .all();
  return new Map(
    rows.map((row) => [
      row.guide.key,
      { id: row.guide.id, header: headerOf(row.guide), currentVersionId: row.guide.currentVersionId, version: row.version ?? 0, stepsHash: row.stepsHash },
    ]),
  );
}

function headerColumns(header: StoredGuideHeader) {
  return {
    nameEn: header.name.en,
    nameJa: header.name.ja,
    descriptionEn: header.description?.en ?? null,
    descriptionJa: header.description?.ja ?? null,
    segments: header.segments ?? [],
    stages: header.stages ?? [],
    locales: header.locales ?? [],
    targetDays: header.targetDays ?? null,
  };
}

export function insertGuide(header: StoredGuideHeader, now: number, conn: Db): number {
  return conn
    .insert(guides)
    .values({ key: header.key, ...headerColumns(header), status: "published", createdAt: now, updatedAt: now })
    .returning({ id: guides.id })
    .get().id;
}

export function updateGuideHeader(id: number, header: StoredGuideHeader, now: number, conn: Db): void {
  conn
    .update(guides)
    .set({ ...headerColumns(header), status: "published", updatedAt: now })
    .where(eq(guides.id, id))
    .run();
}

/** Adds version `version` of a guide with its steps and makes it the one new accounts get. Older versions stay. */
export function publishGuideVersion(guideId: number, version: number, steps: readonly GuideStep[], now: number, conn: Db): number {
  const firstValue = steps.find((step) => step.firstValue)!;
  const versionId = conn
    .insert(guideVersions)
    .values({ guideId, version, stepsHash: stepsHashOf(steps), stepCount: steps.length, firstValueKey: firstValue.key, publishedAt: now })
    .returning({ id: guideVersions.id })
    .get().id;
  conn
    .insert(guideSteps)
    .values(
      steps.map((step, position) => ({
        versionId,
        position,
        key: step.key,
        titleEn: step.title.en,
        titleJa: step.title.ja,
        bodyEn: step.body?.en ?? null,
        bodyJa: step.body?.ja ?? null,
        videoUrl: step.video ?? null,
        scope: step.scope,
        doneWhen: step.doneWhen,
        eventType: "event" in step.doneWhen ? step.doneWhen.event : null,
        firstValue: step.firstValue === true,
      })),
    )
    .run();
  conn.update(guides).set({ currentVersionId: versionId, updatedAt: now }).where(eq(guides.id, guideId)).run();
  return versionId;
}

/** A version's steps in order, in the guide JSON's shape. */
export function versionSteps(versionIds: readonly number[], conn: Db = db): Map<number, GuideStep[]> {
  const bySteps = new Map<number, GuideStep[]>();
  if (versionIds.length === 0) return bySteps;
  const rows = conn
    .select()
    .from(guideSteps)
    .where(inArray(guideSteps.versionId, [...versionIds]))
    .orderBy(asc(guideSteps.versionId), asc(guideSteps.position))
    .all();
  for (const row of rows) {
    const step: GuideStep = {
      key: row.key,
      title: { en: row.titleEn, ja: row.titleJa },
      ...(row.bodyEn !== null && row.bodyJa !== null ? { body: { en: row.bodyEn, ja: row.bodyJa } } : {}),
      ...(row.videoUrl !== null ? { video: row.videoUrl } : {}),
      scope: row.scope,
      doneWhen: row.doneWhen as DoneWhen,
      ...(row.firstValue ? { firstValue: true as const } : {}),
    };
    const list = bySteps.get(row.versionId) ?? [];
    list.push(step);
    bySteps.set(row.versionId, list);
  }
  return bySteps;
}

/** Every published guide with its current version's steps, by key: what `GET /api/v1/guides` returns. */
export function listPublishedGuides(conn: Db = db): { guide: GuideInput; version: number }[] {
  const rows = conn
    .select({ guide: guides, version: guideVersions.version })
    .from(guides)
    .innerJoin(guideVersions, eq(guideVersions.id, guides.currentVersionId))
    .where(eq(guides.status, "published"))
    .orderBy(asc(guides.key))
    .all();
  const steps = versionSteps(rows.map((row) => row.guide.currentVersionId!));
  return rows.map((row) => ({ guide: canonicalGuide({ ...headerOf(row.guide), steps: steps.get(row.guide.currentVersionId!) ?? [] }), version: row.version }));
}

/** A guide's versions, oldest first: every version stays, since accounts mid-way keep theirs. */
export function listGuideVersions(guideId: number, conn: Db = db) {
  return conn
    .select({ id: guideVersions.id, version: guideVersions.version, publishedAt: guideVersions.publishedAt, stepCount: guideVersions.stepCount })
    .from(guideVersions)
    .where(eq(guideVersions.guideId, guideId))
    .orderBy(asc(guideVersions.version))
    .all();
}

/** The published guides' assignment and current version: what enrolment chooses among. */
export function publishedAssignments(conn: Db = db): { id: number; key: string; segments: string[]; stages: string[]; locales: string[]; versionId: number }[] {
  return conn
    .select({ id: guides.id, key: guides.key, segments: guides.segments, stages: guides.stages, locales: guides.locales, versionId: guides.currentVersionId })
    .from(guides)
    .where(eq(guides.status, "published"))
    .all()
    .flatMap((row) => (row.versionId === null ? [] : [{ ...row, versionId: row.versionId }]));
}
