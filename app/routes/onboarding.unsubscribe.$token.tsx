import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SurveyMessage } from "../components/nps-answer-form";
import { UnsubscribeForm } from "../domain/community-notify-forms";
import { findOnboardingUnsubscribeTarget, stopOnboardingEmailsWithToken } from "../services/onboarding-unsubscribe.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { privatePageHeaders, privatePageMeta, PRIVATE_PAGE_HEADERS } from "../utils/private-page";
import { clientIp } from "../utils/rate-limit.server";

// A page opened from an email: plain HTML, no client scripts, no sign-in needed.
export const handle = SERVER_RENDERED_ONLY;

export const headers = privatePageHeaders;

export const meta = privatePageMeta;

/** `hanako@example.com` → `h***@example.com`. */
function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 1 ? "***" : `${email[0]}***${email.slice(at)}`;
}

/** Shows what the link stops and a button; never changes anything (link scanners GET every link). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const target = findOnboardingUnsubscribeTarget(params.token ?? "");
  const language = await resolveLanguage(request, target?.language ?? undefined);
  const t = await fixedT(language, "nudges");
  if (!target)
    return data({ state: "not-found" as const, language, title: t("unsubscribe.metaTitle"), email: "" }, { status: 404, headers: PRIVATE_PAGE_HEADERS });
  return data(
    { state: target.stopped ? ("stopped" as const) : ("subscribed" as const), language, title: t("unsubscribe.metaTitle"), email: maskEmail(target.email) },
    { headers: PRIVATE_PAGE_HEADERS },
  );
}

const plain = (status: number, body: string) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * RFC 8058 one-click (`List-Unsubscribe=One-Click`, from the mail client, answered in plain text)
 * or the page's own button. Either stops onboarding email only: surveys stay on.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  let fields: FormData;
  try {
    fields = await request.formData();
  } catch {
    return plain(400, "Send a form: List-Unsubscribe=One-Click, or intent=unsubscribe.\n");
  }
  const context = { ip: clientIp(request) };
  if (fields.get("List-Unsubscribe") === "One-Click") {
    const done = stopOnboardingEmailsWithToken(token, { ...context, via: "one-click" });
    return done ? plain(200, "Unsubscribed from onboarding emails.\n") : plain(404, "Unknown unsubscribe link.\n");
  }
  if (!UnsubscribeForm.safeParse({ intent: fields.get("intent") }).success)
    return data({ outcome: "invalid" as const }, { status: 400, headers: PRIVATE_PAGE_HEADERS });
  const done = stopOnboardingEmailsWithToken(token, { ...context, via: "page" });
  if (!done) return data({ outcome: "not-found" as const }, { status: 404, headers: PRIVATE_PAGE_HEADERS });
  return data({ outcome: "stopped" as const }, { headers: PRIVATE_PAGE_HEADERS });
}

export default function OnboardingUnsubscribe() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("nudges");
  if (page.state === "not-found" || result?.outcome === "not-found")
    return <SurveyMessage title={t("unsubscribe.notFoundTitle")} body={t("unsubscribe.notFoundBody")} />;
  const words = { email: page.email };
  if (page.state === "stopped" || result?.outcome === "stopped")
    return <SurveyMessage title={t("unsubscribe.doneTitle")} body={t("unsubscribe.doneBody", words)} />;
  return (
    <SurveyMessage title={t("unsubscribe.title")} body={t("unsubscribe.body", words)}>
      {result?.outcome === "invalid" ? (
        <p className="notice error" role="alert">
          {t("unsubscribe.invalid")}
        </p>
      ) : null}
      <Form method="post" reloadDocument>
        <input type="hidden" name="intent" value="unsubscribe" />
        <button type="submit" className="wide">
          {t("unsubscribe.button")}
        </button>
      </Form>
    </SurveyMessage>
  );
}
