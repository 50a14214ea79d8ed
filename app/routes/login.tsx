import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { MAGIC_LINK_TTL_MINUTES } from "../domain/magic-link";
import { requestMagicLink } from "../services/request-magic-link.server";
import { getContact, safeRedirectPath } from "../utils/auth.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { parseLoginForm } from "../utils/customer-forms.server";
import { clientIp } from "../utils/rate-limit.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

// Without this, a document response drops the action's Retry-After.
// Plain forms and links: the page works without client scripts, so it is sent without them.
export const handle = SERVER_RENDERED_ONLY;

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "/portal");
  if (await getContact(request)) throw redirect(redirectTo);
  const t = await fixedT(await resolveLanguage(request), "auth");
  return { title: t("login.metaTitle"), signedOut: url.searchParams.has("signedOut"), redirectTo };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseLoginForm(await request.formData());
  if (submission.status !== "success") {
    return data({ outcome: "invalid" as const, result: submission.reply() }, { status: 400 });
  }
  const { email, redirectTo } = submission.value;
  // An address that is not a contact but is at a customer's domain gets a join link, written in the browser's language.
  const language = await resolveLanguage(request);
  const result = await requestMagicLink({ email, ip: clientIp(request), redirectTo: safeRedirectPath(redirectTo, "/portal"), language });
  if (!result.ok) {
    return data(
      { outcome: "rate-limited" as const, result: submission.reply(), retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60) },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // The same answer whether or not the address belongs to a contact.
  return { outcome: "sent" as const, result: submission.reply({ resetForm: true }), email: submission.value.email };
}

export default function CustomerLogin() {
  const { signedOut, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formAction === "/login";
  const [form, fields] = useForm({
    id: "magic-link-request",
    lastResult: actionData?.result,
    // Validated on the server only (it is a customer page: no zod in its bundle); conform shows the reply.
  });

  if (actionData?.outcome === "sent") {
    return (
      <CustomerShell>
        <div className="auth-page">
          <div className="card narrow" role="status">
            <p className="eyebrow">{t("login.eyebrow")}</p>
            <h1>{t("sent.title")}</h1>
            <p>{t("sent.body", { email: actionData.email, minutes: MAGIC_LINK_TTL_MINUTES })}</p>
            <p className="muted">{t("sent.tip")}</p>
            <Form method="post" action="/login" className="auth-actions">
              <input type="hidden" name="email" value={actionData.email} />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <button type="submit" className="secondary" disabled={busy}>
                {t("sent.again")}
              </button>
              <a href="/login">{t("sent.different")}</a>
            </Form>
          </div>
        </div>
      </CustomerShell>
    );
  }

  const emailError = fields.email.errors?.[0];
  return (
    <CustomerShell>
      <div className="auth-page">
        <div className="card narrow">
          <p className="eyebrow">{t("login.eyebrow")}</p>
          <h1>{actionData?.outcome === "rate-limited" ? t("rateLimited.title") : t("login.title")}</h1>
          {actionData?.outcome === "rate-limited" ? (
            <div className="notice error" role="alert">
              {t("rateLimited.body", { count: actionData.retryAfterMinutes })}
            </div>
          ) : signedOut ? (
            <div className="notice success" role="status">
              {t("login.signedOut")}
            </div>
          ) : null}
          <p>{t("login.intro")}</p>
          <Form method="post" action="/login" {...getFormProps(form)}>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <div className="field">
              <label htmlFor={fields.email.id}>{t("login.emailLabel")}</label>
              <p className="hint" id={`${fields.email.id}-hint`}>
                {t("login.emailHint")}
              </p>
              <input
                {...getInputProps(fields.email, { type: "email" })}
                aria-describedby={emailError ? `${fields.email.id}-hint ${fields.email.errorId}` : `${fields.email.id}-hint`}
                autoComplete="email"
              />
              {emailError ? (
                <p className="field-error" id={fields.email.errorId}>
                  {t(emailError)}
                </p>
              ) : null}
            </div>
            <button type="submit" className="wide" disabled={busy}>
              {t("login.submit")}
            </button>
          </Form>
          <p className="muted auth-footnote">
            {t("login.staffHint")} <a href="/cs/login">{t("login.staffLink")}</a>
          </p>
        </div>
      </div>
    </CustomerShell>
  );
}
