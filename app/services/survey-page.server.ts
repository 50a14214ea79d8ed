import { CATEGORIES, isScore, type Category } from "../domain/nps";
import { COMMENT_MAX_LENGTH, followUpQuestion, surveyQuestion } from "../domain/survey";
import { campaignAcceptsAnswers, parseSurveySnapshot, type SurveyInvitation } from "../models/invitation.server";
import type { Language } from "../locales";
import { BodyTooLargeError, readFormData, SURVEY_FORM_MAX_BYTES } from "../utils/body.server";

export { PRIVATE_PAGE_HEADERS as SURVEY_PAGE_HEADERS } from "../utils/private-page";

/** `?score=7` from an email button; anything else preselects nothing rather than failing. */
export function requestedScore(url: URL): number | null {
  const raw = url.searchParams.get("score");
  if (raw === null || !/^\d{1,2}$/.test(raw)) return null;
  const n = Number(raw);
  return isScore(n) ? n : null;
}

/** What an answer page shows for one invitation, in one language, from the campaign's snapshot. */
export function surveyPageView(invitation: SurveyInvitation, language: Language, preselect: number | null, now = Date.now()) {
  const survey = parseSurveySnapshot(invitation.survey);
  return {
    open: campaignAcceptsAnswers({ status: invitation.campaignStatus, closesAt: invitation.closesAt }, invitation.status, now),
    productName: survey.productName,
    question: surveyQuestion(survey, language),
    followUps: Object.fromEntries(CATEGORIES.map((c) => [c, followUpQuestion(survey, c, language)])) as Record<Category, string>,
    thresholds: survey.thresholds,
    score: preselect ?? invitation.score ?? null,
    currentScore: invitation.score ?? null,
    comment: invitation.comment ?? "",
    commentMax: COMMENT_MAX_LENGTH,
    answered: invitation.responseId !== null,
    reviewUrl: survey.reviewUrl,
    helpUrl: survey.helpUrl,
  };
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Reads the small form an answer or consent page posts. Anything that is not a form (JSON, a
 * bare text body) or is far larger than a comment can be is refused before parsing.
 */
export async function readSurveyForm(request: Request): Promise<FormData | "unsupported" | "too-large"> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return "unsupported";
  try {
    return await readFormData(request, { maxPartBytes: 32 * 1024, maxTotalBytes: SURVEY_FORM_MAX_BYTES });
  } catch (error) {
    if (error instanceof BodyTooLargeError) return "too-large";
    return "unsupported";
  }
}
