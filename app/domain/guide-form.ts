import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters } from "./header-text";
import { COMMUNITY_MILESTONES, GUIDE_LOCALES, GUIDE_SEGMENTS, GUIDE_STAGES, MAX_STEPS, videoProblem, type DoneWhen, type GuideInput } from "./guides";

/**
 * The console's guide editor (decision 054): the same guide as the JSON of `PUT /api/v1/guides`,
 * spelt as form fields (a rule's kind and its parts instead of a JSON object), with messages as
 * codes the page words in the reader's language. `guideInputOf` turns a valid form into the
 * `GuideInput` that `publishGuides` takes, so a console edit and an API import take one path.
 */

const KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

const text = (max: number) =>
  z
    .string(fieldMessage("guideFieldText", { max }))
    .trim()
    .min(1, fieldMessage("guideFieldText", { max }))
    .max(max, fieldMessage("guideFieldText", { max }))
    .refine((value) => !hasControlCharacters(value), fieldMessage("guideFieldText", { max }));
const optionalMarkdown = (max: number) => z.preprocess(blank, z.string().max(max, fieldMessage("guideFieldText", { max })).optional());
const key = z.string(fieldMessage("guideFieldKey")).trim().regex(KEY, fieldMessage("guideFieldKey"));
const days = (min: number, max: number) =>
  z.coerce
    .number(fieldMessage("guideFieldDays", { min, max }))
    .int(fieldMessage("guideFieldDays", { min, max }))
    .min(min, fieldMessage("guideFieldDays", { min, max }))
    .max(max, fieldMessage("guideFieldDays", { min, max }));
const optionalDays = (min: number, max: number) => z.preprocess(blank, days(min, max).optional());
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, fieldMessage("guideFieldChoice"));
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(choice(values)));

/** `name=value` lines into an equality filter; null when a line is not of that shape. */
export function parseWhere(lines: string): Record<string, string> | null {
  const where: Record<string, string> = {};
  for (const raw of lines.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const at = line.indexOf("=");
    if (at <= 0) return null;
    const name = line.slice(0, at).trim();
    if (name === "" || name.length > 100) return null;
    where[name] = line.slice(at + 1).trim();
  }
  return Object.keys(where).length > 10 ? null : where;
}

export const RULE_KINDS = ["manual", "event", "community"] as const;

const StepForm = z
  .object({
    key,
    titleEn: text(200),
    titleJa: text(200),
    bodyEn: optionalMarkdown(20_000),
    bodyJa: optionalMarkdown(20_000),
    video: z.preprocess(
      blank,
      z
        .string()
        .refine((url) => videoProblem(url) === null, fieldMessage("guideFieldVideo"))
        .optional(),
    ),
    scope: choice(["user", "account"] as const),
    rule: choice(RULE_KINDS),
    event: z.preprocess(blank, z.string().trim().max(100, fieldMessage("guideFieldEvent")).optional()),
    count: optionalDays(1, 1_000_000),
    withinDays: optionalDays(1, 3_650),
    where: z.preprocess(blank, z.string().max(4_000, fieldMessage("guideFieldWhere")).optional()),
    community: z.preprocess(blank, choice(COMMUNITY_MILESTONES).optional()),
  })
  .superRefine((step, ctx) => {
    if (step.rule === "event") {
      if (!step.event || hasControlCharacters(step.event)) ctx.addIssue({ code: "custom", path: ["event"], message: fieldMessage("guideFieldEvent") });
      if (step.where && parseWhere(step.where) === null) ctx.addIssue({ code: "custom", path: ["where"], message: fieldMessage("guideFieldWhere") });
    }
    if (step.rule === "community" && !step.community) ctx.addIssue({ code: "custom", path: ["community"], message: fieldMessage("guideFieldChoice") });
  });
export type StepForm = z.infer<typeof StepForm>;

export const GuideEditorForm = z
  .object({
    key,
    nameEn: text(200),
    nameJa: text(200),
    descriptionEn: optionalMarkdown(2_000),
    descriptionJa: optionalMarkdown(2_000),
    segments: list(GUIDE_SEGMENTS),
    stages: list(GUIDE_STAGES),
    locales: list(GUIDE_LOCALES),
    targetDays: optionalDays(1, 3_650),
    nudgeAfterDays: days(1, 365),
    stallAfterDays: days(1, 365),
    /** The position (0-based) of the first-value step. */
    firstValue: z.coerce.number(fieldMessage("guideFieldFirstValue")).int(fieldMessage("guideFieldFirstValue")).min(0, fieldMessage("guideFieldFirstValue")),
    steps: z
      .array(StepForm, fieldMessage("guideFieldSteps", { max: MAX_STEPS }))
      .min(1, fieldMessage("guideFieldSteps", { max: MAX_STEPS }))
      .max(MAX_STEPS, fieldMessage("guideFieldSteps", { max: MAX_STEPS })),
  })
  .superRefine((form, ctx) => {
    if (form.firstValue >= form.steps.length) ctx.addIssue({ code: "custom", path: ["firstValue"], message: fieldMessage("guideFieldFirstValue") });
    const seen = new Set<string>();
    form.steps.forEach((step, index) => {
      if (seen.has(step.key)) ctx.addIssue({ code: "custom", path: ["steps", index, "key"], message: fieldMessage("guideFieldStepKeyRepeated") });
      seen.add(step.key);
    });
    if (form.stallAfterDays <= form.nudgeAfterDays) ctx.addIssue({ code: "custom", path: ["stallAfterDays"], message: fieldMessage("guideDelays") });
  });
export type GuideEditorForm = z.infer<typeof GuideEditorForm>;

function ruleOf(step: StepForm): DoneWhen {
  if (step.rule === "manual") return { manual: true };
  if (step.rule === "community") return { community: step.community! };
  const where = step.where ? parseWhere(step.where) : null;
  return {
    event: step.event!,
    ...(step.count !== undefined ? { count: step.count } : {}),
    ...(step.withinDays !== undefined ? { withinDays: step.withinDays } : {}),
    ...(where && Object.keys(where).length > 0 ? { where } : {}),
  };
}

/** The guide JSON a valid editor form stands for (the shape `PUT /api/v1/guides` takes). */
export function guideInputOf(form: GuideEditorForm): GuideInput {
  const bilingual = (en: string | undefined, ja: string | undefined) => (en || ja ? { body: { en: en ?? "", ja: ja ?? "" } } : {});
  return {
    key: form.key,
    name: { en: form.nameEn, ja: form.nameJa },
    ...(form.descriptionEn || form.descriptionJa ? { description: { en: form.descriptionEn ?? "", ja: form.descriptionJa ?? "" } } : {}),
    ...(form.segments.length > 0 ? { segments: form.segments } : {}),
    ...(form.stages.length > 0 ? { stages: form.stages } : {}),
    ...(form.locales.length > 0 ? { locales: form.locales } : {}),
    ...(form.targetDays !== undefined ? { targetDays: form.targetDays } : {}),
    steps: form.steps.map((step, index) => ({
      key: step.key,
      title: { en: step.titleEn, ja: step.titleJa },
      ...bilingual(step.bodyEn, step.bodyJa),
      ...(step.video ? { video: step.video } : {}),
      scope: step.scope,
      doneWhen: ruleOf(step),
      ...(index === form.firstValue ? { firstValue: true } : {}),
    })),
  };
}

/** The editor's starting values for a stored guide (the form's field names, every value as the form posts it). */
export function editorValuesOf(guide: GuideInput, delays: { nudgeAfterDays: number; stallAfterDays: number }) {
  return {
    key: guide.key,
    nameEn: guide.name.en,
    nameJa: guide.name.ja,
    descriptionEn: guide.description?.en ?? "",
    descriptionJa: guide.description?.ja ?? "",
    segments: guide.segments ?? [],
    stages: guide.stages ?? [],
    locales: guide.locales ?? [],
    targetDays: guide.targetDays === undefined ? "" : String(guide.targetDays),
    nudgeAfterDays: String(delays.nudgeAfterDays),
    stallAfterDays: String(delays.stallAfterDays),
    firstValue: String(
      Math.max(
        0,
        guide.steps.findIndex((step) => step.firstValue),
      ),
    ),
    steps: guide.steps.map((step) => {
      const rule = step.doneWhen;
      return {
        key: step.key,
        titleEn: step.title.en,
        titleJa: step.title.ja,
        bodyEn: step.body?.en ?? "",
        bodyJa: step.body?.ja ?? "",
        video: step.video ?? "",
        scope: step.scope,
        rule: "manual" in rule ? "manual" : "community" in rule ? "community" : "event",
        event: "event" in rule ? rule.event : "",
        count: "event" in rule && rule.count !== undefined ? String(rule.count) : "",
        withinDays: "event" in rule && rule.withinDays !== undefined ? String(rule.withinDays) : "",
        where:
          "event" in rule && rule.where
            ? Object.entries(rule.where)
                .map(([name, value]) => `${name}=${value}`)
                .join("\n")
            : "",
        community: "community" in rule ? rule.community : "",
      };
    }),
  };
}

/** Maps a `GuideInput` error path (`steps.2.doneWhen.event`, from the API's validation) to the editor's field name. */
export function editorFieldOf(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "name" || parts[0] === "description") return `${parts[0]}${parts[1] === "ja" ? "Ja" : "En"}`;
  if (parts[0] !== "steps" || parts.length < 3) return parts[0] ?? "";
  const step = `steps[${parts[1]}]`;
  const field = parts[2];
  if (field === "title" || field === "body") return `${step}.${field}${parts[3] === "ja" ? "Ja" : "En"}`;
  if (field === "doneWhen") return `${step}.${parts[3] && ["event", "count", "withinDays", "where", "community"].includes(parts[3]) ? parts[3] : "rule"}`;
  if (field === "firstValue") return "firstValue";
  return `${step}.${field}`;
}

/** What an admin picks to enrol older accounts by hand: by segment, stage, start month, or a list of external ids. */
export const GuideEnrolForm = z.object({
  segments: list(GUIDE_SEGMENTS),
  stages: list(GUIDE_STAGES),
  startMonth: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, fieldMessage("guideFieldChoice"))
      .optional(),
  ),
  externalIds: z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(/[\s,]+/)
            .map((id) => id.trim())
            .filter(Boolean)
        : [],
    z.array(z.string().max(200)).max(10_000),
  ),
  nudges: z.preprocess((value) => value === "on" || value === "true", z.boolean()),
});
export type GuideEnrolForm = z.infer<typeof GuideEnrolForm>;

/** The two onboarding settings an admin edits on the guides page. */
export const OnboardingSettingsForm = z.object({
  enrolWithinDays: days(0, 365),
  retentionDays: days(30, 3_650),
});

/** The console's JSON import: the text of a `GET /api/v1/guides` export (pasted, or read from a chosen file). */
export const GuideImportForm = z.object({
  json: z.string(fieldMessage("guideImportNotJson")).min(2, fieldMessage("guideImportNotJson")).max(2_000_000, fieldMessage("guideImportNotJson")),
});

/** Moving accounts to a guide's current version: one account (by external id) or, left empty, all on older versions. */
export const GuideMigrateForm = z.object({
  account: z.preprocess(blank, z.string().trim().max(200).optional()),
});

/** The API validation's errors (rare: the form checks the same first) as the editor's field errors. */
export function editorFieldErrors(errors: readonly { path: string; message: string }[]): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const error of errors) {
    const field = editorFieldOf(error.path) || "";
    (byField[field] ??= []).push(error.message);
  }
  return byField;
}
