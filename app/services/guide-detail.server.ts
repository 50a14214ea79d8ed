import type { GuideInput } from "../domain/guides";
import { findGuidesByKey, listGuideVersions, listPublishedGuides, versionSteps } from "../models/guide.server";
import { enrolmentsByVersion, guideRow } from "../models/onboarding-console.server";
import { renderMarkdown } from "../utils/markdown.server";
import { assertCan, type Actor } from "./actor.server";

/**
 * A guide's page: its versions (with how many accounts are on each) and one version's steps, each
 * previewed in both languages as the portal renders them (the community's safe Markdown renderer).
 */
export function guideDetail(actor: Actor, guideId: number, versionNumber: number | undefined) {
  assertCan(actor, "read:guide:any");
  const guide = guideRow(guideId);
  if (!guide) return null;
  const counts = enrolmentsByVersion(guideId);
  const versions = listGuideVersions(guideId).map((version) => ({ ...version, enrolled: counts.get(version.id) ?? 0 }));
  const current = versions.find((version) => version.id === guide.currentVersionId) ?? versions[versions.length - 1];
  const shown = versionNumber === undefined ? current : versions.find((version) => version.version === versionNumber);
  if (!shown) return { guide, versions, shown: null, steps: [] };
  const steps = (versionSteps([shown.id]).get(shown.id) ?? []).map((step) => ({
    ...step,
    html: { en: renderMarkdown(step.body?.en ?? ""), ja: renderMarkdown(step.body?.ja ?? "") },
  }));
  return { guide, versions, current: current ?? null, shown, steps };
}

export type GuideDetail = NonNullable<ReturnType<typeof guideDetail>>;

/** The editor's preview: each step of an unsaved form rendered in both languages, nothing written. */
export function previewGuideSteps(actor: Actor, guide: GuideInput) {
  assertCan(actor, "read:guide:any");
  return guide.steps.map((step) => ({
    key: step.key,
    title: step.title,
    video: step.video ?? null,
    html: { en: renderMarkdown(step.body?.en ?? ""), ja: renderMarkdown(step.body?.ja ?? "") },
  }));
}

/** The editor's starting point for a stored guide: its current version's JSON and its delays. */
export function guideForEditor(actor: Actor, guideId: number) {
  assertCan(actor, "write:guide:any");
  const row = guideRow(guideId);
  if (!row) return null;
  const guide = listPublishedGuides().find((entry) => entry.guide.key === row.key) ?? null;
  const fallback = guide ?? storedGuide(row.currentVersionId, row.key);
  return fallback ? { id: row.id, guide: fallback.guide, delays: { nudgeAfterDays: row.nudgeAfterDays, stallAfterDays: row.stallAfterDays } } : null;
}

function storedGuide(versionId: number | null, key: string) {
  if (versionId === null) return null;
  const found = findGuidesByKey([key]).get(key);
  const steps = versionSteps([versionId]).get(versionId) ?? [];
  return found ? { guide: { ...found.header, steps } as GuideInput } : null;
}
