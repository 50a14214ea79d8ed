import { ConsoleError } from "../components/console-error";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LocalTime } from "../components/local-time";
import { OutboxStatusBadge, useDeliveryError, useOutboxStatus } from "../components/outbox-status";
import { useFormat } from "../components/use-format";
import { findOutboxEmailForConsole } from "../models/outbox.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:outbox:any");
  const t = await fixedT(user.language, "admin");
  const email = findOutboxEmailForConsole(requireId(params));
  if (!email) throw new Response(t("outbox.notFound"), { status: 404, statusText: "Not Found" });
  // The HTML is served by the preview route into its sandboxed frame; the page needs only the rest.
  const { html: _html, ...shown } = email;
  return { title: t("outbox.email.title", { subject: email.subject }), email: shown };
}

export default function OutboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  const headers = Object.entries(email.headers);
  const { t } = useTranslation("admin");
  const format = useFormat();
  const status = useOutboxStatus();
  const deliveryError = useDeliveryError();
  const language = email.locale === "en" || email.locale === "ja" ? t(`outbox.email.language.${email.locale}`) : email.locale;
  return (
    <>
      <p className="outbox-back">
        <Link to="/cs/outbox">{t("outbox.email.backLink")}</Link>
      </p>
      <div className="page-head">
        <div>
          <div className="eyebrow">
            {t("outbox.email.eyebrow", { id: email.id })} · <span className="mono">{email.template}</span>
          </div>
          <h1 translate="no">{email.subject}</h1>
          <p>{t("outbox.email.to", { email: email.toEmail, language })}</p>
        </div>
        <OutboxStatusBadge status={email.status} />
      </div>

      {email.status === "dead" && email.lastError ? (
        <div className="notice error" role="status">
          <strong>{t("outbox.email.notDelivered")}</strong> {deliveryError(email.lastError)}
        </div>
      ) : null}

      <div className="two-col">
        <section className="card" aria-labelledby="outbox-delivery">
          <h2 id="outbox-delivery">{t("outbox.email.delivery")}</h2>
          <dl className="facts">
            <dt>{t("outbox.email.status")}</dt>
            <dd>
              <OutboxStatusBadge status={email.status} /> <span className="muted small-text">{status.help(email.status)}</span>
            </dd>
            <dt>{t("outbox.email.queued")}</dt>
            <dd>
              <LocalTime value={email.createdAt} />
            </dd>
            <dt>{email.status === "local" ? t("outbox.email.keptLocally") : t("outbox.email.sent")}</dt>
            <dd>{email.sentAt ? <LocalTime value={email.sentAt} /> : "—"}</dd>
            {email.status === "queued" && email.attempts > 0 ? (
              <>
                <dt>{t("outbox.email.nextAttempt")}</dt>
                <dd>
                  <LocalTime value={email.nextAttemptAt} />
                </dd>
              </>
            ) : null}
            <dt>{t("outbox.email.attempts")}</dt>
            <dd>{format.number(email.attempts)}</dd>
            <dt>{t("outbox.email.providerId")}</dt>
            <dd className="mono outbox-break">{email.providerId ?? "—"}</dd>
            <dt>{t("outbox.email.batch")}</dt>
            <dd className="mono outbox-break">{email.batchId ?? "—"}</dd>
            <dt>{t("outbox.email.lastError")}</dt>
            <dd className="outbox-break">{email.lastError ? deliveryError(email.lastError) : "—"}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="outbox-envelope">
          <h2 id="outbox-envelope">{t("outbox.email.envelope")}</h2>
          <dl className="facts">
            <dt>{t("outbox.email.from")}</dt>
            <dd className="outbox-break">{email.fromEmail}</dd>
            <dt>{t("outbox.email.toLabel")}</dt>
            <dd className="outbox-break">{email.toEmail}</dd>
            <dt>{t("outbox.email.replyTo")}</dt>
            <dd className="outbox-break">{email.replyTo ?? "—"}</dd>
            <dt>{t("outbox.email.subject")}</dt>
            <dd translate="no">{email.subject}</dd>
            <dt>{t("outbox.email.contact")}</dt>
            <dd>{email.contactId ? <span className="mono">#{email.contactId}</span> : "—"}</dd>
            <dt>{t("outbox.email.tags")}</dt>
            <dd>
              {email.tags.length ? (
                <span className="outbox-tags">
                  {email.tags.map((tag) => (
                    <span key={`${tag.name}=${tag.value}`} className="badge mono">
                      {tag.name}: {tag.value}
                    </span>
                  ))}
                </span>
              ) : (
                "—"
              )}
            </dd>
          </dl>
          <h3 className="outbox-subhead">{t("outbox.email.headers")}</h3>
          {headers.length ? (
            <table className="outbox-headers">
              <caption className="visually-hidden">{t("outbox.email.headersCaption")}</caption>
              <tbody>
                {headers.map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row" className="mono">
                      {name}
                    </th>
                    <td className="mono outbox-break">{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t("outbox.email.noHeaders")}</p>
          )}
        </section>
      </div>

      <section className="stack outbox-preview" aria-labelledby="outbox-html">
        <h2 id="outbox-html">{t("outbox.email.asSeen")}</h2>
        {email.hasLinks ? <p className="muted small-text">{t("outbox.email.masked")}</p> : null}
        {/* Its own document under its own policy (no script, inline styles only), in an empty sandbox: it cannot reach this page or its cookies. */}
        <iframe className="email-preview" title={t("outbox.email.frameTitle", { subject: email.subject })} sandbox="" src={`/cs/outbox/${email.id}/preview`} />
      </section>

      <section className="stack outbox-preview" aria-labelledby="outbox-text">
        <h2 id="outbox-text">{t("outbox.email.plainText")}</h2>
        <pre className="preview" translate="no">
          {email.text}
        </pre>
      </section>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/outbox", label: t("outbox.back") }} />;
}
