import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { submitJoinRequest } from "../services/community-join-requests.server";
import { parseAskToJoinForm } from "../utils/customer-forms.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { clientIp } from "../utils/rate-limit.server";

/** A plain page and a plain form: it works without client scripts, so it is sent without them. */
export const handle = SERVER_RENDERED_ONLY;

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/community/join`: "ask to join" for people whose work address got them no join link. */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await fixedT(await resolveLanguage(request), "communityJoin");
  return { title: t("ask.metaTitle") };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseAskToJoinForm(await request.formData());
  if (submission.status !== "success") return data({ outcome: "invalid" as const, result: submission.reply() }, { status: 400 });
  const language = await resolveLanguage(request);
  const result = submitJoinRequest({ ...submission.value, ip: clientIp(request), language });
  if (!result.ok) {
    return data(
      { outcome: "rate-limited" as const, result: submission.reply(), retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60) },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // The same thanks for everyone: whether the company is a customer is never looked up here.
  return { outcome: "sent" as const, result: submission.reply({ resetForm: true }) };
}

export default function AskToJoin() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("communityJoin");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: "ask-to-join", lastResult: actionData?.result });

  if (actionData?.outcome === "sent") {
    return (
      <CustomerShell>
        <div className="auth-page">
          <div className="card narrow" role="status">
            <p className="eyebrow">{t("ask.eyebrow")}</p>
            <h1>{t("ask.sentTitle")}</h1>
            <p>{t("ask.sentBody")}</p>
          </div>
        </div>
      </CustomerShell>
    );
  }

  const field = (meta: typeof fields.name, label: string, type: "text" | "email", autoComplete: string) => {
    const error = meta.errors?.[0];
    return (
      <div className="field">
        <label htmlFor={meta.id}>{label}</label>
        <input {...getInputProps(meta, { type })} autoComplete={autoComplete} aria-describedby={error ? meta.errorId : undefined} />
        {error ? (
          <p className="field-error" id={meta.errorId}>
            {t(error as "ask.errors.name")}
          </p>
        ) : null}
      </div>
    );
  };
  const messageError = fields.message.errors?.[0];
  return (
    <CustomerShell>
      <div className="auth-page">
        <div className="card narrow">
          <p className="eyebrow">{t("ask.eyebrow")}</p>
          <h1>{t("ask.title")}</h1>
          {actionData?.outcome === "rate-limited" ? (
            <div className="notice error" role="alert">
              {t("ask.rateLimited", { count: actionData.retryAfterMinutes })}
            </div>
          ) : null}
          <p>{t("ask.intro")}</p>
          <Form method="post" action="/community/join" {...getFormProps(form)}>
            {field(fields.name, t("ask.name"), "text", "name")}
            {field(fields.email, t("ask.email"), "email", "email")}
            {field(fields.company, t("ask.company"), "text", "organization")}
            <div className="field">
              <label htmlFor={fields.message.id}>{t("ask.message")}</label>
              <p className="hint" id={`${fields.message.id}-hint`}>
                {t("ask.messageHint")}
              </p>
              <textarea
                {...getTextareaProps(fields.message)}
                rows={4}
                aria-describedby={messageError ? `${fields.message.id}-hint ${fields.message.errorId}` : `${fields.message.id}-hint`}
              />
              {messageError ? (
                <p className="field-error" id={fields.message.errorId}>
                  {t(messageError as "ask.errors.message")}
                </p>
              ) : null}
            </div>
            {/* A honeypot: hidden from people and from assistive technology; bots fill it. */}
            <div className="visually-hidden-field" aria-hidden="true">
              <label htmlFor="ask-website">{t("ask.website")}</label>
              <input id="ask-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
            </div>
            <button type="submit" className="wide" disabled={busy}>
              {t("ask.submit")}
            </button>
          </Form>
          <p className="muted">
            <a href="/login?redirectTo=%2Fcommunity">{t("ask.signIn")}</a>
          </p>
        </div>
      </div>
    </CustomerShell>
  );
}
