import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SurveyMessage } from "../components/nps-answer-form";
import { findContactByUnsubscribeToken } from "../models/invitation.server";
import { SURVEY_PAGE_HEADERS } from "../services/survey-page.server";
import { setSurveySubscription } from "../services/unsubscribe-contact.server";
import { readBodyBytes } from "../utils/body.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { privatePageHeaders, privatePageMeta } from "../utils/private-page";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { UnsubscribePageForm } from "../utils/customer-forms.server";

// Plain forms and links: the page works without client scripts, so it is sent without them.
export const handle = SERVER_RENDERED_ONLY;

export const headers = privatePageHeaders;

export const meta = privatePageMeta;

/** `hanako@example.com` → `h***@example.com`: enough to recognise, not enough to harvest. */
function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** Shows the choice; never changes it (scanners open this link too). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const target = findContactByUnsubscribeToken(params.token ?? "");
  const language = await resolveLanguage(request, target?.locale);
  const t = await fixedT(language, "survey");
  if (!target) return data({ state: "not-found" as const, language, title: t("unsubscribe.metaTitle") }, { status: 404, headers: SURVEY_PAGE_HEADERS });
  return data(
    {
      state: target.unsubscribedAt ? ("unsubscribed" as const) : ("subscribed" as const),
      language,
      title: t("unsubscribe.metaTitle"),
      email: maskEmail(target.email),
    },
    { headers: SURVEY_PAGE_HEADERS },
  );
}

/**
 * Two kinds of POST: the page's own form (`action=unsubscribe|resubscribe`), and RFC 8058
 * one-click unsubscribe from a mail client (`List-Unsubscribe=One-Click`, no cookie, no page),
 * which is answered in plain text.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  let fields: URLSearchParams | FormData;
  try {
    fields = type === "multipart/form-data" ? await request.formData() : new URLSearchParams(new TextDecoder().decode(await readBodyBytes(request, 16 * 1024)));
  } catch {
    return new Response("Send a form: List-Unsubscribe=One-Click, or action=unsubscribe.\n", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const ip = clientIp(request);

  if (fields.get("List-Unsubscribe") === "One-Click") {
    const outcome = setSurveySubscription(token, "unsubscribe", { ip, via: "one-click" });
    if (outcome === "not-found") return new Response("Unknown unsubscribe link.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    return new Response("Unsubscribed from survey emails.\n", {
      status: 200,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }

  const parsed = UnsubscribePageForm.safeParse({ action: fields.get("action") });
  if (!parsed.success) return data({ outcome: "invalid" as const }, { status: 400, headers: SURVEY_PAGE_HEADERS });
  const outcome = setSurveySubscription(token, parsed.data.action, { ip, via: "page" });
  if (outcome === "not-found") return data({ outcome: "not-found" as const }, { status: 404, headers: SURVEY_PAGE_HEADERS });
  return data({ outcome: parsed.data.action === "unsubscribe" ? ("unsubscribed" as const) : ("resubscribed" as const) }, { headers: SURVEY_PAGE_HEADERS });
}

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("survey");
  if (page.state === "not-found") return <SurveyMessage title={t("unsubscribe.notFoundTitle")} body={t("unsubscribe.notFoundBody")} />;
  const email = { email: page.email };
  const resubscribed = result?.outcome === "resubscribed";
  const unsubscribed = result?.outcome === "unsubscribed" || (page.state === "unsubscribed" && !resubscribed);

  if (resubscribed) return <SurveyMessage title={t("unsubscribe.resubscribedTitle")} body={t("unsubscribe.resubscribedBody", email)} />;
  if (unsubscribed) {
    return (
      <SurveyMessage title={t("unsubscribe.doneTitle")} body={t("unsubscribe.doneBody", email)}>
        <Form method="post" reloadDocument>
          <button type="submit" name="action" value="resubscribe" className="secondary wide">
            {t("unsubscribe.resubscribe")}
          </button>
        </Form>
      </SurveyMessage>
    );
  }
  return (
    <SurveyMessage title={t("unsubscribe.title")} body={t("unsubscribe.body", email)}>
      {result?.outcome === "invalid" ? (
        <p className="notice error" role="alert">
          {t("errors.title")}
        </p>
      ) : null}
      <Form method="post" reloadDocument>
        <button type="submit" name="action" value="unsubscribe" className="wide">
          {t("unsubscribe.button")}
        </button>
      </Form>
    </SurveyMessage>
  );
}
