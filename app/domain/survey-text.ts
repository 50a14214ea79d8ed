import type { Category } from "./nps";
import type { SurveyDefinition } from "./survey";

/**
 * The survey's words as customer pages show them. Kept apart from the zod schema in `survey.ts`
 * (type imports only), so the answer and portal pages bundle no zod (P5, page weight).
 */

export const COMMENT_MAX_LENGTH = 2000;

export function surveyQuestion(survey: SurveyDefinition, locale: "en" | "ja"): string {
  return survey.question[locale].replaceAll("{product}", survey.productName);
}

export function followUpQuestion(survey: SurveyDefinition, category: Category, locale: "en" | "ja"): string {
  return survey.followUp[category][locale].replaceAll("{product}", survey.productName);
}
