import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { SurveyMessage } from "../components/nps-answer-form";
import { findInvitationBySurveyToken } from "../models/invitation.server";
import { findResponseConsents } from "../models/response.server";
import { recordFollowUpConsent } from "../services/record-nps-response.server";
import { readSurveyForm, SURVEY_PAGE_HEADERS, surveyPageView } from "../services/survey-page.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { privatePageHeaders, privatePageMeta } from "../utils/private-page";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { ConsentForm } from "../utils/customer-forms.server";

// Plain forms and links: the page works without client scripts, so it is sent without them.
export const handle = SERVER_RENDERED_ONLY;

export const headers = privatePageHeaders;

export const meta = privatePageMeta;

/** The thank-you page for the answer behind a survey link, by category. Read-only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const invitation = findInvitationBySurveyToken(token);
  const language = await resolveLanguage(request, invitation?.locale);
  const t = await fixedT(language, "survey");
  if (!invitation) return data({ state: "not-found" as const, language, title: t("notFound.metaTitle") }, { status: 404, headers: SURVEY_PAGE_HEADERS });
  if (invitation.responseId === null || invitation.category === null || invitation.score === null)
    throw redirect(`/s/${token}`, { headers: SURVEY_PAGE_HEADERS });
  const view = surveyPageView(invitation, language, null);
  return data(
    {
      state: "answered" as const,
      language,
      title: t("thanks.metaTitle"),
      token,
      score: invitation.score,
      category: invitation.category,
      // Tech-touch accounts have no CSM to call them: they get help resources instead.
      personalFollowUp: invitation.segment !== "tech",
      productName: view.productName,
      reviewUrl: view.reviewUrl,
      helpUrl: view.helpUrl,
      canChange: view.open,
      consents: findResponseConsents(invitation.responseId),
    },
    { headers: SURVEY_PAGE_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readSurveyForm(request);
  if (typeof form === "string")
    return data({ error: "Send the form from the page." }, { status: form === "too-large" ? 413 : 415, headers: SURVEY_PAGE_HEADERS });
  const parsed = ConsentForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "Choose yes or no." }, { status: 400, headers: SURVEY_PAGE_HEADERS });
  const result = recordFollowUpConsent(token, parsed.data.consent, parsed.data.value === "yes", clientIp(request));
  if (result.kind === "not-found") return data({ error: "not-found" }, { status: 404, headers: SURVEY_PAGE_HEADERS });
  if (result.kind === "rate-limited") {
    return data({ error: "rate-limited" }, { status: 429, headers: { ...SURVEY_PAGE_HEADERS, "Retry-After": String(result.retryAfterSeconds) } });
  }
  return redirect(`/s/${token}/thanks`, { status: 303, headers: SURVEY_PAGE_HEADERS });
}

function ConsentQuestion({
  kind,
  current,
  labels,
}: {
  kind: "reference" | "contact";
  current: boolean | null;
  labels: { title: string; body?: string; yes: string; no: string; recordedYes: string; recordedNo: string };
}) {
  return (
    <section className="thanks-consent" aria-labelledby={`consent-${kind}`}>
      <h2 id={`consent-${kind}`}>{labels.title}</h2>
      {labels.body ? <p>{labels.body}</p> : null}
      {current !== null ? (
        <p className="notice success" role="status">
          {current ? labels.recordedYes : labels.recordedNo}
        </p>
      ) : null}
      <Form method="post" reloadDocument className="thanks-choices">
        <input type="hidden" name="consent" value={kind} />
        <button type="submit" name="value" value="yes" className={current === true ? undefined : "secondary"} aria-pressed={current === true}>
          {labels.yes}
        </button>
        <button type="submit" name="value" value="no" className="secondary" aria-pressed={current === false}>
          {labels.no}
        </button>
      </Form>
    </section>
  );
}

export default function SurveyThanks() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation("survey");
  if (page.state === "not-found") return <SurveyMessage title={t("notFound.title")} body={t("notFound.body")} />;
  const product = { product: page.productName };
  return (
    <CustomerShell>
      <div className="survey-page">
        <div className="card survey-card stack">
          <div>
            <p className="eyebrow">{t("thanks.title")}</p>
            <h1>
              {page.category === "promoter"
                ? t("thanks.promoterTitle", product)
                : page.category === "detractor"
                  ? t("thanks.detractorTitle", product)
                  : t("thanks.passiveTitle")}
            </h1>
            <p className="muted">
              {t("thanks.recorded", { score: page.score })} {page.canChange ? <a href={`/s/${page.token}?score=${page.score}`}>{t("thanks.change")}</a> : null}
            </p>
          </div>

          {page.category === "promoter" ? (
            <>
              <p>{t("thanks.promoterBody", product)}</p>
              <ul className="thanks-actions">
                <li>
                  <a className="button secondary" href="/portal">
                    {t("thanks.community")}
                  </a>
                  <span className="muted">{t("thanks.communityBody", product)}</span>
                </li>
                {page.reviewUrl ? (
                  <li>
                    <a className="button secondary" href={page.reviewUrl} rel="noopener noreferrer" target="_blank">
                      {t("thanks.review")}
                    </a>
                    <span className="muted">{t("thanks.reviewBody")}</span>
                  </li>
                ) : null}
              </ul>
              <ConsentQuestion
                kind="reference"
                current={page.consents.reference}
                labels={{
                  title: t("thanks.referenceTitle"),
                  body: t("thanks.referenceBody", product),
                  yes: t("thanks.referenceYes"),
                  no: t("thanks.referenceNo"),
                  recordedYes: t("thanks.referenceRecordedYes"),
                  recordedNo: t("thanks.referenceRecordedNo"),
                }}
              />
            </>
          ) : null}

          {page.category === "passive" ? <p>{t("thanks.passiveBody")}</p> : null}

          {page.category === "detractor" ? (
            <>
              {page.personalFollowUp ? (
                <p>{t("thanks.detractorFollowUp")}</p>
              ) : page.helpUrl ? (
                <p>
                  {t("thanks.detractorHelp")}{" "}
                  <a href={page.helpUrl} rel="noopener noreferrer" target="_blank">
                    {t("thanks.helpLink")}
                  </a>
                </p>
              ) : null}
              <ConsentQuestion
                kind="contact"
                current={page.consents.contact}
                labels={{
                  title: t("thanks.contactTitle"),
                  yes: t("thanks.contactYes"),
                  no: t("thanks.contactNo"),
                  recordedYes: t("thanks.contactRecordedYes"),
                  recordedNo: t("thanks.contactRecordedNo"),
                }}
              />
            </>
          ) : null}
        </div>
      </div>
    </CustomerShell>
  );
}
