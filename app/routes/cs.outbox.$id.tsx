import { ConsoleError } from "../components/console-error";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LocalTime } from "../components/local-time";
import { OUTBOX_STATUS_HELP, OutboxStatusBadge } from "../components/outbox-status";
import { findOutboxEmailForConsole } from "../models/outbox.server";
import { requireStaff } from "../utils/auth.server";
import { requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.email.subject ?? "Email"} · Email outbox · Kizuna console` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "read:outbox:any");
  const email = findOutboxEmailForConsole(requireId(params));
  if (!email) throw new Response("There is no email with this id in the outbox.", { status: 404, statusText: "Not Found" });
  // The HTML is served by the preview route into its sandboxed frame; the page needs only the rest.
  const { html: _html, ...shown } = email;
  return { email: shown };
}

const LANGUAGE_NAME: Record<string, string> = { en: "English", ja: "Japanese" };

export default function OutboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  const headers = Object.entries(email.headers);
  return (
    <>
      <p className="outbox-back">
        <Link to="/cs/outbox">← Email outbox</Link>
      </p>
      <div className="page-head">
        <div>
          <div className="eyebrow">
            Email #{email.id} · <span className="mono">{email.template}</span>
          </div>
          <h1>{email.subject}</h1>
          <p>
            To {email.toEmail} · {LANGUAGE_NAME[email.locale] ?? email.locale}
          </p>
        </div>
        <OutboxStatusBadge status={email.status} />
      </div>

      {email.status === "dead" && email.lastError ? (
        <div className="notice error" role="status">
          <strong>Not delivered.</strong> {email.lastError}
        </div>
      ) : null}

      <div className="two-col">
        <section className="card" aria-labelledby="outbox-delivery">
          <h2 id="outbox-delivery">Delivery</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <OutboxStatusBadge status={email.status} /> <span className="muted small-text">{OUTBOX_STATUS_HELP[email.status]}</span>
            </dd>
            <dt>Queued</dt>
            <dd>
              <LocalTime value={email.createdAt} />
            </dd>
            <dt>{email.status === "local" ? "Kept locally" : "Sent"}</dt>
            <dd>{email.sentAt ? <LocalTime value={email.sentAt} /> : "—"}</dd>
            {email.status === "queued" && email.attempts > 0 ? (
              <>
                <dt>Next attempt</dt>
                <dd>
                  <LocalTime value={email.nextAttemptAt} />
                </dd>
              </>
            ) : null}
            <dt>Attempts</dt>
            <dd>{email.attempts}</dd>
            <dt>Provider id</dt>
            <dd className="mono outbox-break">{email.providerId ?? "—"}</dd>
            <dt>Batch</dt>
            <dd className="mono outbox-break">{email.batchId ?? "—"}</dd>
            <dt>Last error</dt>
            <dd className="outbox-break">{email.lastError ?? "—"}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="outbox-envelope">
          <h2 id="outbox-envelope">Envelope</h2>
          <dl className="facts">
            <dt>From</dt>
            <dd className="outbox-break">{email.fromEmail}</dd>
            <dt>To</dt>
            <dd className="outbox-break">{email.toEmail}</dd>
            <dt>Reply-To</dt>
            <dd className="outbox-break">{email.replyTo ?? "—"}</dd>
            <dt>Subject</dt>
            <dd>{email.subject}</dd>
            <dt>Contact</dt>
            <dd>{email.contactId ? <span className="mono">#{email.contactId}</span> : "—"}</dd>
            <dt>Tags</dt>
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
          <h3 className="outbox-subhead">Headers</h3>
          {headers.length ? (
            <table className="outbox-headers">
              <caption className="visually-hidden">Extra email headers</caption>
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
            <p className="muted">No extra headers.</p>
          )}
        </section>
      </div>

      <section className="stack outbox-preview" aria-labelledby="outbox-html">
        <h2 id="outbox-html">As the recipient sees it</h2>
        {email.hasLinks ? (
          <p className="muted small-text">
            Sign-in, survey and unsubscribe links are shown masked (••••••••): their tokens are minted when the email is sent and never kept.
          </p>
        ) : null}
        {/* Its own document under its own policy (no script, inline styles only), in an empty sandbox: it cannot reach this page or its cookies. */}
        <iframe className="email-preview" title={`Rendered email: ${email.subject}`} sandbox="" src={`/cs/outbox/${email.id}/preview`} />
      </section>

      <section className="stack outbox-preview" aria-labelledby="outbox-text">
        <h2 id="outbox-text">Plain-text version</h2>
        <pre className="preview">{email.text}</pre>
      </section>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/outbox", label: "Back to the outbox" }} />;
}
