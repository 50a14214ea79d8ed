import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { DeadLinkPage } from "../components/dead-link-page";
import { previewMagicLink, signInWithMagicLink, type MagicLinkPreview } from "../services/consume-magic-link.server";
import { MAGIC_LINK_TTL_MINUTES } from "../domain/magic-link";
import { safeRedirectPath } from "../utils/auth.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { privatePageHeaders, privatePageMeta } from "../utils/private-page";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { ContinueForm } from "../utils/customer-forms.server";

/** Used links are gone (410); a token we never issued is simply not found (404). */
function statusOf(preview: MagicLinkPreview) {
  return preview.state === "valid" ? 200 : preview.state === "unknown" ? 404 : 410;
}

// The URL carries a live credential: keep the page out of caches and search engines (Referer is same-origin site-wide).
const PRIVATE_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

// Plain forms and links: the page works without client scripts, so it is sent without them.
export const handle = SERVER_RENDERED_ONLY;

export const headers = privatePageHeaders;

export const meta = privatePageMeta;

/** GET and HEAD only read: mail scanners open every link in an email and must not use it up. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const preview = previewMagicLink(params.token ?? "");
  // The page speaks the language its email was written in: the contact's.
  const language = await resolveLanguage(request, preview.state === "unknown" ? undefined : preview.locale);
  const t = await fixedT(language, "auth");
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/portal");
  return data({ preview, redirectTo, language, title: t("link.metaTitle") }, { status: statusOf(preview), headers: PRIVATE_HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = ContinueForm.safeParse(Object.fromEntries(await request.formData()));
  const redirectTo = safeRedirectPath(form.success ? form.data.redirectTo : null, "/portal");
  const result = await signInWithMagicLink(request, params.token ?? "", clientIp(request));
  if (result.ok) return redirect(redirectTo, { headers: { "Set-Cookie": result.setCookie } });
  if (result.reason === "rate-limited") {
    return data(
      { outcome: "rate-limited" as const, retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60) },
      { status: 429, headers: { ...PRIVATE_HEADERS, "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return data({ outcome: "invalid" as const, preview: result.preview }, { status: statusOf(result.preview), headers: PRIVATE_HEADERS });
}

export default function ContinueSignIn() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const preview = actionData?.outcome === "invalid" ? actionData.preview : loaderData.preview;

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
    return (
      <CustomerShell>
        <div className="auth-page">
          <div className="card narrow">
            <p className="eyebrow">{t("login.eyebrow")}</p>
            <h1>{t("link.continueTitle")}</h1>
            <p>{t("link.continueBody")}</p>
            <p className="auth-identity">
              {preview.name ? <strong>{preview.name}</strong> : null}
              <span className={preview.name ? "muted" : undefined}>{preview.email}</span>
            </p>
            <Form method="post">
              <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
              <button type="submit" className="wide" disabled={busy}>
                {t("link.continueAs", { name: preview.name ?? preview.email })}
              </button>
            </Form>
            <p className="muted auth-footnote">{t("link.notYou")}</p>
          </div>
        </div>
      </CustomerShell>
    );
  }

  const heading = {
    expired: [t("link.expiredTitle"), t("link.expiredBody", { minutes: MAGIC_LINK_TTL_MINUTES })],
    consumed: [t("link.consumedTitle"), t("link.consumedBody")],
    superseded: [t("link.supersededTitle"), t("link.supersededBody")],
    unknown: [t("link.unknownTitle"), t("link.unknownBody")],
  }[preview.state];
  return (
    <DeadLinkPage
      title={heading[0]}
      body={heading[1]}
      email={preview.state === "unknown" ? "" : preview.email}
      redirectTo={loaderData.redirectTo}
      button={t("link.requestNew")}
      busy={busy}
    />
  );
}
