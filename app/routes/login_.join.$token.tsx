import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { DeadLinkPage } from "../components/dead-link-page";
import { JOIN_LINK_TTL_MINUTES } from "../domain/community-join";
import { joinWithLink, previewJoinLink, type JoinLinkPreview } from "../services/join-community.server";
import { safeRedirectPath } from "../utils/auth.server";
import { JoinForm } from "../utils/customer-forms.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { privatePageHeaders, privatePageMeta } from "../utils/private-page";
import { clientIp } from "../utils/rate-limit.server";

/** Used links are gone (410); a token we never issued is not found (404). */
function statusOf(preview: JoinLinkPreview) {
  return preview.state === "valid" ? 200 : preview.state === "unknown" ? 404 : 410;
}

const PRIVATE_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

export const handle = SERVER_RENDERED_ONLY;
export const headers = privatePageHeaders;
export const meta = privatePageMeta;

/** After joining, the member reads and accepts the guidelines, then goes where they were headed. */
function welcomePath(redirectTo: string) {
  return `/community/welcome?redirectTo=${encodeURIComponent(redirectTo)}`;
}

/** GET and HEAD only read: mail scanners open every link in an email and must not use it up. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const preview = previewJoinLink(params.token ?? "");
  const language = await resolveLanguage(request, preview.state === "unknown" ? undefined : preview.locale);
  const t = await fixedT(language, "auth");
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/community");
  return data({ preview, redirectTo, language, title: t("join.metaTitle") }, { status: statusOf(preview), headers: PRIVATE_HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = JoinForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) {
    return data({ outcome: "bad-name" as const, preview: previewJoinLink(params.token ?? "") }, { status: 400, headers: PRIVATE_HEADERS });
  }
  const redirectTo = safeRedirectPath(form.data.redirectTo, "/community");
  // The new contact's language is the browser's (the switcher's choice first, then Accept-Language).
  const language = await resolveLanguage(request);
  const result = await joinWithLink(request, { token: params.token ?? "", ip: clientIp(request), language, name: form.data.name });
  if (result.ok) return redirect(welcomePath(redirectTo), { headers: { "Set-Cookie": result.setCookie } });
  if (result.reason === "rate-limited") {
    return data(
      { outcome: "rate-limited" as const, retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60) },
      { status: 429, headers: { ...PRIVATE_HEADERS, "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return data({ outcome: "invalid" as const, preview: result.preview }, { status: statusOf(result.preview), headers: PRIVATE_HEADERS });
}

export default function JoinCommunity() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const busy = useNavigation().state !== "idle";
  const preview = actionData && "preview" in actionData ? actionData.preview : loaderData.preview;

  if (actionData?.outcome === "rate-limited") {
    return (
      <CustomerShell>
        <div className="auth-page">
          <div className="card narrow">
            <h1>{t("rateLimited.title")}</h1>
            <div className="notice error" role="alert">
              {t("rateLimited.body", { count: actionData.retryAfterMinutes })}
            </div>
          </div>
        </div>
      </CustomerShell>
    );
  }

  if (preview.state === "valid") {
    const nameError = actionData?.outcome === "bad-name";
    return (
      <CustomerShell>
        <div className="auth-page">
          <div className="card narrow">
            <p className="eyebrow">{t("login.eyebrow")}</p>
            <h1>{t("join.title")}</h1>
            <p>{t("join.body", { account: preview.accountName })}</p>
            <p className="auth-identity">
              <span>{preview.email}</span>
            </p>
            <Form method="post">
              <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
              <div className="field">
                <label htmlFor="join-name">{t("join.nameLabel")}</label>
                <p className="hint" id="join-name-hint">
                  {t("join.nameHint")}
                </p>
                <input
                  id="join-name"
                  name="name"
                  type="text"
                  autoComplete="name"
                  maxLength={120}
                  aria-invalid={nameError || undefined}
                  aria-describedby={nameError ? "join-name-hint join-name-error" : "join-name-hint"}
                />
                {nameError ? (
                  <p className="field-error" id="join-name-error">
                    {t("join.nameTooLong")}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="wide" disabled={busy}>
                {t("join.button")}
              </button>
            </Form>
            <p className="muted auth-footnote">{t("join.notYou")}</p>
          </div>
        </div>
      </CustomerShell>
    );
  }

  const heading = {
    expired: [t("join.expiredTitle"), t("join.expiredBody", { minutes: JOIN_LINK_TTL_MINUTES })],
    consumed: [t("join.consumedTitle"), t("join.consumedBody")],
    superseded: [t("join.supersededTitle"), t("join.supersededBody")],
    unknown: [t("join.unknownTitle"), t("join.unknownBody")],
  }[preview.state];
  return (
    <DeadLinkPage
      title={heading[0]}
      body={heading[1]}
      email={preview.state === "unknown" ? "" : preview.email}
      redirectTo={loaderData.redirectTo}
      button={t("join.requestNew")}
      busy={busy}
    />
  );
}
