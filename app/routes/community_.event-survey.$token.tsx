import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SurveyMessage } from "../components/nps-answer-form";
import { MeetupSurveyFields } from "../components/meetup-survey";
import { isPast, SurveyForm } from "../domain/meetups";
import { errorMessage, isServiceError } from "../domain/service-error";
import { answerSurveyByToken, surveyByToken } from "../services/meetup-survey.server";
import { contactLocale } from "../services/meetup-pages.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { privatePageHeaders, privatePageMeta, PRIVATE_PAGE_HEADERS } from "../utils/private-page";

// A page opened from an email: plain HTML, no client scripts, no sign-in needed.
export const handle = SERVER_RENDERED_ONLY;
export const headers = privatePageHeaders;
export const meta = privatePageMeta;

/**
 * `/community/event-survey/:token`: the post-event survey from its email. Showing it changes
 * nothing (link scanners GET every link); the form's POST records the answer.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const target = surveyByToken(params.token ?? "");
  const language = await resolveLanguage(request, target ? contactLocale(target.registration.contactId) : undefined);
  const t = await fixedT(language, "meetups");
  if (!target) return data({ state: "not-found" as const, language, title: t("survey.notFoundTitle") }, { status: 404, headers: PRIVATE_PAGE_HEADERS });
  const title = t("survey.metaTitle", { title: target.meetup.title });
  if (!isPast(target.meetup, Date.now())) return data({ state: "not-open" as const, language, title }, { headers: PRIVATE_PAGE_HEADERS });
  return data(
    {
      state: "open" as const,
      language,
      title,
      meetupTitle: target.meetup.title,
      satisfaction: target.registration.satisfaction,
      comment: target.registration.surveyComment,
    },
    { headers: PRIVATE_PAGE_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const target = surveyByToken(params.token ?? "");
  const language = await resolveLanguage(request, target ? contactLocale(target.registration.contactId) : undefined);
  const answer = SurveyForm.safeParse(Object.fromEntries(await request.formData()));
  if (!answer.success) return data({ error: errorMessage("meetupSatisfaction", {}, language) }, { status: 400, headers: PRIVATE_PAGE_HEADERS });
  try {
    answerSurveyByToken(params.token ?? "", answer.data);
    return data({ done: true as const }, { headers: PRIVATE_PAGE_HEADERS });
  } catch (error) {
    if (isServiceError(error))
      return data({ error: errorMessage(error.code, error.params, language) }, { status: error.status, headers: PRIVATE_PAGE_HEADERS });
    throw error;
  }
}

export default function MeetupSurveyPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("meetups");
  if (page.state === "not-found") return <SurveyMessage title={t("survey.notFoundTitle")} body={t("survey.notFoundBody")} />;
  if (page.state === "not-open") return <SurveyMessage title={t("survey.notOpenTitle")} body={t("survey.notOpenBody")} />;
  if (result && "done" in result) return <SurveyMessage title={t("survey.thanksTitle")} body={t("survey.thanksBody")} />;
  return (
    <SurveyMessage title={t("survey.heading", { title: page.meetupTitle })} body="">
      {result && "error" in result ? (
        <p className="notice error" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post" reloadDocument className="stack">
        <MeetupSurveyFields satisfaction={page.satisfaction} comment={page.comment} />
      </Form>
    </SurveyMessage>
  );
}
