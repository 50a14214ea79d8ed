import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters } from "./header-text";
export { COMMENT_MAX_LENGTH, followUpQuestion, surveyQuestion } from "./survey-text";
import { DEFAULT_CATEGORY_THRESHOLDS, validThresholds } from "./nps";

/** Required text, refused with a message (a code the reader's page words) a person can act on. */
function text(max: number) {
  return z.string(fieldMessage("surveyText")).trim().min(1, fieldMessage("surveyText")).max(max, fieldMessage("surveyTextTooLong", { max }));
}
function wholeNumber(min: number, max: number, range: string) {
  return z.number(range).int(fieldMessage("surveyWholeNumber")).min(min, range).max(max, range);
}
const bilingual = z.object({ en: text(500), ja: text(500) });
const optionalUrl = z.url({ protocol: /^https?$/, error: fieldMessage("surveyUrl") }).nullable();
const score = wholeNumber(0, 10, fieldMessage("surveyScore"));
const days = wholeNumber(0, 365, fieldMessage("surveyDays"));
const reminderDays = wholeNumber(1, 30, fieldMessage("surveyReminderDays")).nullable();

/**
 * The NPS survey an admin defines (settings key `npsSurvey`). A campaign keeps a snapshot of it
 * from its launch, so editing the survey never changes what earlier recipients saw. Its messages
 * are the console form's: the form (`SurveyForm`) is this schema, read from text.
 */
export const SurveyDefinition = z.object({
  /** Reaches email subjects: one line, without control characters. */
  productName: text(80).refine((name) => !hasControlCharacters(name), fieldMessage("surveyProductNameOneLine")),
  /** `{product}` is replaced by the product name. */
  question: bilingual,
  followUp: z.object({ promoter: bilingual, passive: bilingual, detractor: bilingual }),
  thresholds: z
    .object({ promoterMin: score, detractorMax: score })
    .refine(validThresholds, { message: fieldMessage("surveyThresholds"), path: ["detractorMax"] }),
  /** Where promoters are invited to leave a public review (G2, ITreview, …). */
  reviewUrl: optionalUrl,
  /** Help resources shown to tech-touch detractors. */
  helpUrl: optionalUrl,
  throttleDays: days,
  minAccountAgeDays: days,
  reminderAfterDays: reminderDays,
});
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

/** What no text means in the form: no link, no reminder. */
const emptyIsNull = <T extends z.ZodType>(schema: T) => schema.optional().transform((value) => value ?? null);

/**
 * The console's survey form (`/cs/survey`): the definition as posted, field names in dotted
 * paths (`question.en`, `thresholds.promoterMin`). An empty link or reminder means none.
 */
export const SurveyForm = SurveyDefinition.extend({
  reviewUrl: emptyIsNull(optionalUrl.unwrap()),
  helpUrl: emptyIsNull(optionalUrl.unwrap()),
  reminderAfterDays: emptyIsNull(reminderDays.unwrap()),
});

/** The definition as the form shows it: every field as text. */
export function surveyFormText(survey: SurveyDefinition) {
  const pair = (value: { en: string; ja: string }) => ({ en: value.en, ja: value.ja });
  return {
    productName: survey.productName,
    question: pair(survey.question),
    followUp: { promoter: pair(survey.followUp.promoter), passive: pair(survey.followUp.passive), detractor: pair(survey.followUp.detractor) },
    thresholds: { promoterMin: String(survey.thresholds.promoterMin), detractorMax: String(survey.thresholds.detractorMax) },
    reviewUrl: survey.reviewUrl ?? "",
    helpUrl: survey.helpUrl ?? "",
    throttleDays: String(survey.throttleDays),
    minAccountAgeDays: String(survey.minAccountAgeDays),
    reminderAfterDays: survey.reminderAfterDays === null ? "" : String(survey.reminderAfterDays),
  };
}
export type SurveyFormText = ReturnType<typeof surveyFormText>;

export const DEFAULT_SURVEY: SurveyDefinition = {
  productName: "Kizuna",
  question: {
    en: "How likely are you to recommend {product} to a friend or colleague?",
    ja: "{product}を友人や同僚に薦める可能性はどのくらいありますか？",
  },
  followUp: {
    promoter: { en: "What do you like most about {product}?", ja: "{product}の特に良いと感じる点を教えてください。" },
    passive: { en: "What would make {product} a 10 for you?", ja: "{product}が10点になるには、何が必要でしょうか？" },
    detractor: { en: "What disappointed you, and what should we fix first?", ja: "ご不満な点と、最優先で改善すべき点を教えてください。" },
  },
  thresholds: DEFAULT_CATEGORY_THRESHOLDS,
  reviewUrl: null,
  helpUrl: null,
  throttleDays: 90,
  minAccountAgeDays: 30,
  reminderAfterDays: 3,
};
