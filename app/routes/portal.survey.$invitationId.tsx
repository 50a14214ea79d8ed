import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NpsAnswerForm } from "../components/nps-answer-form";
import { COMMENT_MAX_LENGTH } from "../domain/survey-text";
import { findContactInvitation } from "../models/invitation.server";
import { recordPortalResponse } from "../services/record-nps-response.server";
import { readSurveyForm, requestedScore, surveyPageView } from "../services/survey-page.server";
import { requireContact } from "../utils/auth.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { PortalSurveyParams } from "../utils/customer-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** The in-app channel: the same survey, answered by a signed-in contact, only for their own invitation. */
async function load(request: Request, params: unknown) {
  const contact = await requireContact(request);
  const language = await resolveLanguage(request, contact.locale);
  const t = await fixedT(language, "survey");
  const parsed = PortalSurveyParams.safeParse(params);
  const invitation = parsed.success ? findContactInvitation(parsed.data.invitationId, contact.id) : undefined;
  if (!invitation) throw data({ message: t("notFound.title") }, { status: 404 });
  return { contact, language, t, invitation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, t, invitation } = await load(request, params);
  const view = surveyPageView(invitation, language, requestedScore(new URL(request.url)));
  return data({ title: t("answer.metaTitle"), view }, { status: view.open ? 200 : 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { contact, t, invitation } = await load(request, params);
  const form = await readSurveyForm(request);
  if (typeof form === "string") return data({ outcome: "bad-request" as const, message: t("errors.title") }, { status: form === "too-large" ? 413 : 415 });
  const score = form.get("score");
  const comment = form.get("comment");
  const result = recordPortalResponse(
    invitation.id,
    contact.id,
    typeof score === "string" ? score : undefined,
    typeof comment === "string" ? comment : undefined,
    clientIp(request),
  );
  switch (result.kind) {
    case "recorded":
      return data({ outcome: "recorded" as const, category: result.category, score: Number(score) });
    case "invalid":
      return data(
        {
          outcome: "invalid" as const,
          errors: {
            score: result.errors.score ? t(`errors.${result.errors.score}`) : undefined,
            comment: result.errors.comment ? t(`errors.${result.errors.comment}`, { max: COMMENT_MAX_LENGTH }) : undefined,
          },
        },
        { status: 400 },
      );
    case "rate-limited":
      return data(
        { outcome: "bad-request" as const, message: t("errors.rateLimited", { count: result.retryAfterSeconds }) },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "closed":
      return data({ outcome: "closed" as const }, { status: 410 });
    case "not-found":
      throw data({ message: t("notFound.title") }, { status: 404 });
  }
}

export default function PortalSurvey() {
  const { view } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("survey");
  if (result?.outcome === "recorded") {
    const title =
      result.category === "promoter"
        ? t("thanks.promoterTitle", { product: view.productName })
        : result.category === "detractor"
          ? t("thanks.detractorTitle", { product: view.productName })
          : t("thanks.passiveTitle");
    return (
      <section className="card survey-card stack" aria-labelledby="survey-thanks">
        <p className="eyebrow">{t("thanks.title")}</p>
        <h1 id="survey-thanks">{title}</h1>
        <p className="muted">{t("thanks.recorded", { score: result.score })}</p>
        <p>
          <Link to="/portal">{t("portal.back")}</Link>
        </p>
      </section>
    );
  }
  if (!view.open || result?.outcome === "closed") {
    return (
      <section className="card survey-card">
        <h1>{t("closed.title")}</h1>
        <p>{t("closed.body")}</p>
      </section>
    );
  }
  const invalid = result?.outcome === "invalid" ? result : null;
  return (
    <section className="card survey-card">
      <p className="eyebrow">{t("portal.eyebrow")}</p>
      {result?.outcome === "bad-request" ? (
        <div className="notice error" role="alert">
          {result.message}
        </div>
      ) : null}
      <NpsAnswerForm
        question={view.question}
        followUps={view.followUps}
        thresholds={view.thresholds}
        score={view.score}
        comment={view.comment}
        commentMax={view.commentMax}
        answered={view.answered}
        errors={invalid?.errors}
      />
    </section>
  );
}
