import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { NpsAnswerForm, NpsAnswerFormScript, SurveyMessage } from "../components/nps-answer-form";
import { COMMENT_MAX_LENGTH } from "../domain/survey-text";
import { findInvitationBySurveyToken } from "../models/invitation.server";
import { recordNpsResponse, type AnswerProblem } from "../services/record-nps-response.server";
import { readSurveyForm, requestedScore, SURVEY_PAGE_HEADERS, surveyPageView } from "../services/survey-page.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { privatePageHeaders, privatePageMeta } from "../utils/private-page";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

// Plain forms and links: the page works without client scripts, so it is sent without them.
export const handle = SERVER_RENDERED_ONLY;

export const headers = privatePageHeaders;

export const meta = privatePageMeta;

/**
 * The page an email's score button opens. Read-only: mail scanners open every link, some in
 * browsers that run scripts, so the click only preselects the score and the POST records.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = findInvitationBySurveyToken(params.token ?? "");
  const language = await resolveLanguage(request, invitation?.locale);
  const t = await fixedT(language, "survey");
  if (!invitation) return data({ state: "not-found" as const, language, title: t("notFound.metaTitle") }, { status: 404, headers: SURVEY_PAGE_HEADERS });
  const view = surveyPageView(invitation, language, requestedScore(new URL(request.url)));
  if (!view.open) return data({ state: "closed" as const, language, title: t("closed.metaTitle"), view }, { status: 410, headers: SURVEY_PAGE_HEADERS });
  return data({ state: "open" as const, language, title: t("answer.metaTitle"), view }, { headers: SURVEY_PAGE_HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const invitation = findInvitationBySurveyToken(token);
  const t = await fixedT(await resolveLanguage(request, invitation?.locale), "survey");
  const form = await readSurveyForm(request);
  if (form === "unsupported") return data({ outcome: "bad-request" as const, message: t("errors.title") }, { status: 415, headers: SURVEY_PAGE_HEADERS });
  if (form === "too-large") {
    const message = t("errors.comment-too-long", { max: COMMENT_MAX_LENGTH });
    return data(
      { outcome: "invalid" as const, errors: { score: undefined as string | undefined, comment: message as string | undefined }, score: null, comment: "" },
      { status: 413, headers: SURVEY_PAGE_HEADERS },
    );
  }
  const score = form.get("score");
  const comment = form.get("comment");
  const result = recordNpsResponse(token, typeof score === "string" ? score : undefined, typeof comment === "string" ? comment : undefined, clientIp(request));
  switch (result.kind) {
    case "recorded":
      // 303: reloading the thank-you page must not post the answer again.
      return redirect(`/s/${token}/thanks`, { status: 303, headers: SURVEY_PAGE_HEADERS });
    case "invalid": {
      const message = (problem: AnswerProblem | undefined) => (problem ? t(`errors.${problem}`, { max: COMMENT_MAX_LENGTH }) : undefined);
      const submittedScore = typeof score === "string" && /^\d{1,2}$/.test(score) && Number(score) <= 10 ? Number(score) : null;
      return data(
        {
          outcome: "invalid" as const,
          errors: { score: message(result.errors.score), comment: message(result.errors.comment) },
          score: submittedScore,
          comment: typeof comment === "string" ? comment : "",
        },
        { status: 400, headers: SURVEY_PAGE_HEADERS },
      );
    }
    case "rate-limited":
      return data(
        { outcome: "rate-limited" as const, message: t("errors.rateLimited", { count: result.retryAfterSeconds }) },
        { status: 429, headers: { ...SURVEY_PAGE_HEADERS, "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "closed":
      return data({ outcome: "closed" as const }, { status: 410, headers: SURVEY_PAGE_HEADERS });
    case "not-found":
      return data({ outcome: "not-found" as const }, { status: 404, headers: SURVEY_PAGE_HEADERS });
  }
}

export default function AnswerSurvey() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("survey");

  if (page.state === "not-found" || result?.outcome === "not-found") return <SurveyMessage title={t("notFound.title")} body={t("notFound.body")} />;
  if (page.state === "closed" || result?.outcome === "closed") {
    const score = page.state === "closed" ? page.view.currentScore : null;
    return (
      <SurveyMessage title={t("closed.title")} body={t("closed.body")}>
        {score !== null ? <p className="muted">{t("closed.yourAnswer", { score })}</p> : null}
      </SurveyMessage>
    );
  }
  const { view } = page;
  const invalid = result?.outcome === "invalid" ? result : null;
  return (
    <CustomerShell>
      <div className="survey-page">
        <div className="card survey-card">
          <p className="eyebrow">{t("answer.eyebrow")}</p>
          {result?.outcome === "rate-limited" ? (
            <div className="notice error" role="alert">
              <strong>{t("errors.rateLimitedTitle")}</strong> {result.message}
            </div>
          ) : null}
          {result?.outcome === "bad-request" ? (
            <div className="notice error" role="alert">
              {result.message}
            </div>
          ) : null}
          {invalid ? (
            <div className="notice error" role="alert">
              {t("errors.title")}
            </div>
          ) : null}
          {view.answered && view.currentScore !== null && !invalid ? (
            <div className="notice info">{t("answer.alreadyAnswered", { score: view.currentScore })}</div>
          ) : null}
          <NpsAnswerForm
            // A fresh form after a failed post, so it shows what was sent rather than what was stored.
            key={invalid ? "retry" : "initial"}
            question={view.question}
            followUps={view.followUps}
            thresholds={view.thresholds}
            score={invalid ? (invalid.score ?? null) : view.score}
            comment={invalid ? invalid.comment : view.comment}
            commentMax={view.commentMax}
            answered={view.answered}
            errors={invalid ? { score: invalid.errors.score, comment: invalid.errors.comment } : undefined}
          />
          <p className="muted survey-privacy">{t("answer.privacy", { product: view.productName })}</p>
          <NpsAnswerFormScript />
        </div>
      </div>
    </CustomerShell>
  );
}
