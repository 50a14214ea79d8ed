import { ConsoleError } from "../components/console-error";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Trans, useTranslation } from "react-i18next";
import { LocalTime } from "../components/local-time";
import { OUTBOX_STATUS_LIST, OutboxStatusBadge, useDeliveryError, useOutboxStatus } from "../components/outbox-status";
import { useFormat } from "../components/use-format";
import { countOutboxByStatus, listOutbox, type OutboxListItem, type OutboxStatus } from "../models/outbox.server";
import { deliveryMode } from "../services/deliver-outbox.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const PAGE_SIZE = 50;

// Empty form fields mean no filter.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const cursor = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());

const OutboxQuery = z.object({
  status: z.preprocess(blankToUndefined, z.enum(OUTBOX_STATUS_LIST).optional()),
  to: z.preprocess(blankToUndefined, z.string().trim().max(254).optional()),
  before: cursor,
  after: cursor,
});
type OutboxQuery = z.infer<typeof OutboxQuery>;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:outbox:any");
  const t = await fixedT(user.language, "admin");
  const parsed = OutboxQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(t("outbox.badFilter", { field: String(issue.path[0]) }), { status: 400 });
  }
  const query = parsed.data;
  const page = listOutbox({ status: query.status, to: query.to }, { before: query.before, after: query.after, limit: PAGE_SIZE });
  return { title: t("outbox.title"), query, ...page, counts: countOutboxByStatus({ to: query.to }), mode: deliveryMode() };
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
  const { t } = useTranslation("admin");
  const deliveryError = useDeliveryError();
  if ((item.status === "sent" || item.status === "local") && item.sentAt) return <LocalTime value={item.sentAt} />;
  if (item.status === "queued") {
    return item.attempts > 0 ? (
      <span>
        <Trans t={t} i18nKey="outbox.retryAt" components={{ time: <LocalTime value={item.nextAttemptAt} /> }} />
      </span>
    ) : (
      <span className="muted">{t("outbox.waiting")}</span>
    );
  }
  if (item.status === "sending") return <span className="muted">{t("outbox.inProgress")}</span>;
  return <span className="outbox-error">{item.lastError ? deliveryError(item.lastError) : t("outbox.gaveUp")}</span>;
}

export default function Outbox() {
  const { query, items, newerCursor, olderCursor, counts, mode } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  const format = useFormat();
  const status = useOutboxStatus();
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const paged = query.before !== undefined || query.after !== undefined;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("outbox.heading")}</h1>
          <p>{t("outbox.intro")}</p>
        </div>
      </div>

      {mode === "local" ? (
        <p className="notice info">
          <Trans t={t} i18nKey="outbox.localDelivery" components={{ strong: <strong />, code: <span className="mono" /> }} />
        </p>
      ) : null}
      {counts.dead > 0 && query.status !== "dead" ? (
        <p className="notice warn">
          {t("outbox.dead", { count: counts.dead, formatted: format.number(counts.dead) })}{" "}
          <Link to={hrefWith(query, { status: "dead", before: undefined, after: undefined })}>{t("outbox.seeWhy")}</Link>
        </p>
      ) : null}

      <nav aria-label={t("outbox.filterByStatus")}>
        <ul className="status-tabs">
          <li>
            <Link to={hrefWith(query, { status: undefined, before: undefined, after: undefined })} aria-current={query.status ? undefined : "page"}>
              {t("outbox.all")} <span className="count">{format.number(total)}</span>
            </Link>
          </li>
          {OUTBOX_STATUS_LIST.map((each: OutboxStatus) => (
            <li key={each}>
              <Link
                to={hrefWith(query, { status: each, before: undefined, after: undefined })}
                aria-current={query.status === each ? "page" : undefined}
                title={status.help(each)}
              >
                {status.label(each)} <span className="count">{format.number(counts[each])}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Form method="get" className="filters" aria-label={t("outbox.findByRecipient")}>
        {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
        <div className="field">
          <label htmlFor="outbox-to">{t("outbox.recipient")}</label>
          <input id="outbox-to" type="search" name="to" defaultValue={query.to ?? ""} placeholder="name@company.com" maxLength={254} />
        </div>
        <button type="submit">{t("outbox.find")}</button>
        {query.to || query.status ? (
          <Link to="/cs/outbox" className="button secondary">
            {t("outbox.clear")}
          </Link>
        ) : null}
      </Form>

      {items.length === 0 ? (
        <div className="card">
          <p className="muted flush">{query.to || query.status || paged ? t("outbox.noMatch") : t("outbox.empty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("outbox.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outbox.col.status")}</th>
                <th scope="col">{t("outbox.col.recipient")}</th>
                <th scope="col">{t("outbox.col.subject")}</th>
                <th scope="col" className="num">
                  {t("outbox.col.attempts")}
                </th>
                <th scope="col">{t("outbox.col.queued")}</th>
                <th scope="col">{t("outbox.col.delivered")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <OutboxStatusBadge status={item.status} />
                  </td>
                  <td className="outbox-recipient" translate="no">
                    {item.toEmail}
                  </td>
                  <td className="outbox-subject">
                    <Link to={`/cs/outbox/${item.id}`} translate="no">
                      {item.subject}
                    </Link>
                    <div className="muted small-text" translate="no">
                      <span className="mono">{item.template}</span> · {item.locale}
                    </div>
                  </td>
                  <td className="num">{format.number(item.attempts)}</td>
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

      <nav className="pager" aria-label={t("outbox.pages")}>
        {paged ? (
          <Link to={hrefWith(query, { before: undefined, after: undefined })} className="button secondary small">
            {t("outbox.newest")}
          </Link>
        ) : null}
        {newerCursor ? (
          <Link to={hrefWith(query, { before: undefined, after: newerCursor })} className="button secondary small" rel="prev">
            {t("outbox.newer")}
          </Link>
        ) : null}
        {olderCursor ? (
          <Link to={hrefWith(query, { after: undefined, before: olderCursor })} className="button secondary small" rel="next">
            {t("outbox.older")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/outbox", label: t("outbox.back") }} />;
}
