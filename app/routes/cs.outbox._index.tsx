import { ConsoleError } from "../components/console-error";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LocalTime } from "../components/local-time";
import { OUTBOX_STATUS_HELP, OUTBOX_STATUS_LABEL, OUTBOX_STATUS_LIST, OutboxStatusBadge } from "../components/outbox-status";
import { countOutboxByStatus, listOutbox, type OutboxListItem, type OutboxStatus } from "../models/outbox.server";
import { deliveryMode } from "../services/deliver-outbox.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Email outbox · Kizuna console" }];

const PAGE_SIZE = 50;

// Empty form fields mean no filter.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const cursor = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());

const OutboxQuery = z.object({
  status: z.preprocess(blankToUndefined, z.enum(OUTBOX_STATUS_LIST, "choose one of queued, sending, sent, local or dead").optional()),
  to: z.preprocess(blankToUndefined, z.string().trim().max(254, "at most 254 characters").optional()),
  before: cursor,
  after: cursor,
});
type OutboxQuery = z.infer<typeof OutboxQuery>;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:outbox:any");
  const parsed = OutboxQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`The outbox filter "${String(issue.path[0])}" is not valid (${issue.message}). Clear the filters and try again.`, { status: 400 });
  }
  const query = parsed.data;
  const page = listOutbox({ status: query.status, to: query.to }, { before: query.before, after: query.after, limit: PAGE_SIZE });
  return { query, ...page, counts: countOutboxByStatus({ to: query.to }), mode: deliveryMode() };
}

function hrefWith(query: OutboxQuery, change: Partial<OutboxQuery>) {
  const next = { status: query.status, to: query.to, ...change };
  const params = new URLSearchParams();
  if (next.status) params.set("status", next.status);
  if (next.to) params.set("to", next.to);
  if (next.before) params.set("before", String(next.before));
  if (next.after) params.set("after", String(next.after));
  const search = params.toString();
  return search ? `/cs/outbox?${search}` : "/cs/outbox";
}

function DeliveryCell({ item }: { item: OutboxListItem }) {
  if ((item.status === "sent" || item.status === "local") && item.sentAt) return <LocalTime value={item.sentAt} />;
  if (item.status === "queued") {
    return item.attempts > 0 ? (
      <span>
        Retry at <LocalTime value={item.nextAttemptAt} />
      </span>
    ) : (
      <span className="muted">Waiting for the worker</span>
    );
  }
  if (item.status === "sending") return <span className="muted">In progress</span>;
  return <span className="outbox-error">{item.lastError ?? "Gave up"}</span>;
}

export default function Outbox() {
  const { query, items, newerCursor, olderCursor, counts, mode } = useLoaderData<typeof loader>();
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const paged = query.before !== undefined || query.after !== undefined;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Email outbox</h1>
          <p>Every email Kizuna sends, newest first. Times are in your time zone.</p>
        </div>
      </div>

      {mode === "local" ? (
        <p className="notice info">
          <strong>Local delivery.</strong> No <span className="mono">RESEND_API_KEY</span> is configured, so emails are not sent: they are kept here, where you
          can read them. Set the key to deliver through Resend.
        </p>
      ) : null}
      {counts.dead > 0 && query.status !== "dead" ? (
        <p className="notice warn">
          {counts.dead === 1 ? "One email" : `${counts.dead.toLocaleString("en")} emails`} could not be delivered.{" "}
          <Link to={hrefWith(query, { status: "dead", before: undefined, after: undefined })}>See why</Link>
        </p>
      ) : null}

      <nav aria-label="Filter by status">
        <ul className="status-tabs">
          <li>
            <Link to={hrefWith(query, { status: undefined, before: undefined, after: undefined })} aria-current={query.status ? undefined : "page"}>
              All <span className="count">{total.toLocaleString("en")}</span>
            </Link>
          </li>
          {OUTBOX_STATUS_LIST.map((status: OutboxStatus) => (
            <li key={status}>
              <Link
                to={hrefWith(query, { status, before: undefined, after: undefined })}
                aria-current={query.status === status ? "page" : undefined}
                title={OUTBOX_STATUS_HELP[status]}
              >
                {OUTBOX_STATUS_LABEL[status]} <span className="count">{counts[status].toLocaleString("en")}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Form method="get" className="filters" aria-label="Find emails by recipient">
        {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
        <div className="field">
          <label htmlFor="outbox-to">Recipient</label>
          <input id="outbox-to" type="search" name="to" defaultValue={query.to ?? ""} placeholder="name@company.com" maxLength={254} />
        </div>
        <button type="submit">Find</button>
        {query.to || query.status ? (
          <Link to="/cs/outbox" className="button secondary">
            Clear
          </Link>
        ) : null}
      </Form>

      {items.length === 0 ? (
        <div className="card">
          <p className="muted flush">
            {query.to || query.status || paged ? "No emails match these filters." : "No email has been sent yet. Sign-in links and surveys will appear here."}
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Emails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Recipient</th>
                <th scope="col">Subject</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Queued</th>
                <th scope="col">Delivered</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <OutboxStatusBadge status={item.status} />
                  </td>
                  <td className="outbox-recipient">{item.toEmail}</td>
                  <td className="outbox-subject">
                    <Link to={`/cs/outbox/${item.id}`}>{item.subject}</Link>
                    <div className="muted small-text">
                      <span className="mono">{item.template}</span> · {item.locale}
                    </div>
                  </td>
                  <td className="num">{item.attempts}</td>
                  <td className="nowrap">
                    <LocalTime value={item.createdAt} />
                  </td>
                  <td className="outbox-delivery">
                    <DeliveryCell item={item} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <nav className="pager" aria-label="Outbox pages">
        {paged ? (
          <Link to={hrefWith(query, { before: undefined, after: undefined })} className="button secondary small">
            Newest
          </Link>
        ) : null}
        {newerCursor ? (
          <Link to={hrefWith(query, { before: undefined, after: newerCursor })} className="button secondary small" rel="prev">
            ← Newer
          </Link>
        ) : null}
        {olderCursor ? (
          <Link to={hrefWith(query, { after: undefined, before: olderCursor })} className="button secondary small" rel="next">
            Older →
          </Link>
        ) : null}
      </nav>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/outbox", label: "Back to the outbox" }} />;
}
