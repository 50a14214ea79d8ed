import { z } from "zod";
import { fieldMessage } from "./field-message";
import { CampaignName, CampaignRules, CampaignTargeting, type CampaignInput } from "./campaign-rules";

/**
 * The console's "New campaign" form (`/cs/campaigns/new`), field by field as it is posted. Each
 * field pipes into the same schema the campaign service validates with (`CampaignName`,
 * `CampaignTargeting`, `CampaignRules`), so the page and the service cannot disagree on a bound;
 * the form only adds what a page needs: messages for empty or non-numeric text, the
 * schedule in the browser's time zone, and the account list as one text box.
 */

export const CAMPAIGN_INTENTS = ["preview", "launch"] as const;

/** A whole number typed in a box, then checked by the campaign rule it fills. */
function typedNumber<T extends z.ZodType<number, number>>(rule: T) {
  return z
    .number({ error: (issue) => (issue.input === undefined ? fieldMessage("campaignNumber") : fieldMessage("campaignWholeNumber")) })
    .int(fieldMessage("campaignWholeNumber"))
    .pipe(rule);
}

/**
 * A group of checkboxes (or a multiple select) whose refusal names the group, not one of its
 * boxes, then checked by the targeting rule it fills.
 */
function choices<T extends z.ZodType<unknown, string[] | undefined>>(rule: T, message: string) {
  return z
    .array(z.string())
    .optional()
    .refine((list) => rule.safeParse(list).success, message)
    .pipe(rule);
}

const CSM_ID = /^[1-9]\d{0,9}$/;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export const CampaignForm = z
  .object({
    intent: z.enum(CAMPAIGN_INTENTS, fieldMessage("campaignIntent")),
    name: CampaignName,
    segments: choices(CampaignTargeting.shape.segments, fieldMessage("campaignSegments")),
    stages: choices(CampaignTargeting.shape.stages, fieldMessage("campaignStages")),
    locales: choices(CampaignTargeting.shape.locales, fieldMessage("campaignLocales")),
    csms: z
      .array(z.string())
      .optional()
      .refine((ids) => (ids ?? []).every((id) => CSM_ID.test(id)), fieldMessage("campaignCsms"))
      .transform((ids) => ids?.map(Number))
      .pipe(CampaignTargeting.shape.csmUserIds),
    /** External ids separated by commas, semicolons or new lines. */
    accounts: z.string().max(2_000_000).optional(),
    throttleDays: typedNumber(CampaignRules.shape.throttleDays),
    minAccountAgeDays: typedNumber(CampaignRules.shape.minAccountAgeDays),
    samplePercent: typedNumber(CampaignRules.shape.samplePercent.unwrap()).optional(),
    dailyCap: typedNumber(CampaignRules.shape.dailyCap.unwrap()).optional(),
    reminderAfterDays: typedNumber(CampaignRules.shape.reminderAfterDays.unwrap()).optional(),
    schedule: z.enum(["now", "later"]).catch("now"),
    startAt: z.string().optional(),
    /** The browser's offset from UTC in minutes (Date#getTimezoneOffset); absent with JS off: UTC. */
    tzOffset: z.number().int().min(-900).max(900).catch(0),
  })
  .superRefine((form, ctx) => {
    if (form.schedule === "later" && !LOCAL_DATE_TIME.test(form.startAt ?? ""))
      ctx.addIssue({ code: "custom", path: ["startAt"], message: fieldMessage("campaignStartAt") });
  });
export type CampaignForm = z.infer<typeof CampaignForm>;

/** The form's names for the service's field paths, so a refusal lands next to its field. */
export const CAMPAIGN_FORM_FIELD: Record<string, keyof CampaignForm> = {
  name: "name",
  "targeting.segments": "segments",
  "targeting.stages": "stages",
  "targeting.locales": "locales",
  "targeting.csmUserIds": "csms",
  "targeting.accountExternalIds": "accounts",
  "rules.throttleDays": "throttleDays",
  "rules.minAccountAgeDays": "minAccountAgeDays",
  "rules.samplePercent": "samplePercent",
  "rules.dailyCap": "dailyCap",
  "rules.reminderAfterDays": "reminderAfterDays",
  scheduledAt: "startAt",
};

/** The parsed form as the campaign service's input, and the start time (null: now). */
export function campaignFormToInput(form: CampaignForm): { input: CampaignInput; scheduledAt: number | null } {
  let scheduledAt: number | null = null;
  const match = form.schedule === "later" ? LOCAL_DATE_TIME.exec(form.startAt ?? "") : null;
  if (match) {
    const [, y, mo, d, h, mi] = match.map(Number);
    scheduledAt = Date.UTC(y, mo - 1, d, h, mi) + form.tzOffset * 60_000;
  }
  return {
    input: {
      name: form.name,
      targeting: {
        segments: form.segments,
        stages: form.stages,
        locales: form.locales,
        csmUserIds: form.csms,
        accountExternalIds: (form.accounts ?? "").split(/[\s,;]+/).filter(Boolean),
      },
      rules: {
        throttleDays: form.throttleDays,
        minAccountAgeDays: form.minAccountAgeDays,
        samplePercent: form.samplePercent ?? null,
        dailyCap: form.dailyCap ?? null,
        reminderAfterDays: form.reminderAfterDays ?? null,
      },
    },
    scheduledAt,
  };
}

export const CAMPAIGN_STOP_INTENTS = ["close", "cancel"] as const;
export type CampaignStopIntent = (typeof CAMPAIGN_STOP_INTENTS)[number];

/**
 * The campaign page's two buttons (`/cs/campaigns/:id`), each its own form: close the survey or
 * cancel the campaign. The services decide whether the campaign's state allows it.
 */
export const CampaignStopForm = z.object({ intent: z.enum(CAMPAIGN_STOP_INTENTS, fieldMessage("campaignStopChoose")) });
