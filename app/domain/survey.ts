import { z } from "zod";
import { hasControlCharacters, ONE_LINE_MESSAGE } from "./header-text";
import { DEFAULT_CATEGORY_THRESHOLDS, validThresholds, type Category } from "./nps";

const bilingual = z.object({ en: z.string().trim().min(1).max(500), ja: z.string().trim().min(1).max(500) });
const optionalUrl = z.url({ protocol: /^https?$/ }).nullable();

/**
 * The NPS survey an admin defines (settings key `npsSurvey`). A campaign keeps a snapshot of it
 * from its launch, so editing the survey never changes what earlier recipients saw.
 */
export const SurveyDefinition = z.object({
  /** Reaches email subjects: one line, without control characters. */
  productName: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .refine((name) => !hasControlCharacters(name), `The product name ${ONE_LINE_MESSAGE}.`),
  /** `{product}` is replaced by the product name. */
  question: bilingual,
  followUp: z.object({ promoter: bilingual, passive: bilingual, detractor: bilingual }),
  thresholds: z
    .object({ promoterMin: z.number().int().min(0).max(10), detractorMax: z.number().int().min(0).max(10) })
    .refine(validThresholds, "The detractor line must be below the promoter line."),
  /** Where promoters are invited to leave a public review (G2, ITreview, …). */
  reviewUrl: optionalUrl,
  /** Help resources shown to tech-touch detractors. */
  helpUrl: optionalUrl,
  throttleDays: z.number().int().min(0).max(365),
  minAccountAgeDays: z.number().int().min(0).max(365),
  reminderAfterDays: z.number().int().min(1).max(30).nullable(),
});
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

export const COMMENT_MAX_LENGTH = 2000;

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

export function surveyQuestion(survey: SurveyDefinition, locale: "en" | "ja"): string {
  return survey.question[locale].replaceAll("{product}", survey.productName);
}

export function followUpQuestion(survey: SurveyDefinition, category: Category, locale: "en" | "ja"): string {
  return survey.followUp[category][locale].replaceAll("{product}", survey.productName);
}
