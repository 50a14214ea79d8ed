import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseDue, CaseStatusBadge, useCaseStatusLabel } from "../components/case-status";
import { ConsoleError } from "../components/console-error";
import { KeysetPager, withParams } from "../components/pager";
import { SegmentBadge } from "../components/segment-badge";
import { useFormat } from "../components/use-format";
import { CASE_STATUSES, isCaseOverdue } from "../domain/case-workflow";
import { TASK_KINDS } from "../domain/onboarding-nudges";
import { errorMessage } from "../domain/service-error";
import { listCaseQueuePage, parseCaseQueueQuery } from "../services/list-case-queue.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:case:any");
  const parsed = parseCaseQueueQuery(new URL(request.url).searchParams, user);
  if (!parsed.ok) {
    throw new Response(errorMessage(parsed.code, parsed.params, user.language), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const page = listCaseQueuePage(parsed.query, user);
  const t = await fixedT(user.language, "cases");
  const title = t(page.mine ? "queue.titleMine" : "queue.titleAll");
  return { ...page, title, pageTitle: t("queue.pageTitle", { heading: title }) };
}

export default function CaseQueue() {
  const { query, rows, next, now, overdueCount, users, pageSize, title } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const { t } = useTranslation("cases");
  const { t: tasks } = useTranslation("tasks");
  const { t: shared } = useTranslation("console");
  const format = useFormat();
  const statusLabel = useCaseStatusLabel();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p>
            {t("queue.intro")}
            {shared("shared.sentenceGap")}
            {overdueCount > 0 ? <strong className="case-due overdue">{t("queue.overdue", { count: overdueCount })}</strong> : t("queue.nothingOverdue")}
          </p>
        </div>
      </div>

      <Form method="get" className="filters" aria-label={t("queue.filters")}>
        <div className="field">
          <label htmlFor="owner">{t("queue.owner")}</label>
          <select id="owner" name="owner" defaultValue={query.owner}>
            <option value="me">{t("queue.ownerMe")}</option>
            <option value="anyone">{t("queue.ownerAnyone")}</option>
            <option value="unassigned">{t("queue.ownerUnassigned")}</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("queue.status")}</label>
          <select id="status" name="status" defaultValue={query.status}>
            <option value="active">{t("queue.statusActive")}</option>
            {CASE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
            <option value="all">{t("queue.statusAll")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="kind">{tasks("queue.kind")}</label>
          <select id="kind" name="kind" defaultValue={query.kind}>
            <option value="all">{tasks("queue.kindAll")}</option>
            {TASK_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {tasks(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} /> {t("queue.overdueOnly")}
          </label>
        </div>
        <button type="submit">{t("queue.apply")}</button>
      </Form>

      {rows.length === 0 ? (
        <div className="card empty-state">
          <h2>{query.after ? t("queue.noMore") : t("queue.none")}</h2>
          <p className="muted">{query.after ? <Link to={withParams(search, { after: undefined })}>{t("queue.firstPage")}</Link> : t("queue.whenEmpty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="case-queue">
            <caption className="visually-hidden">{t("queue.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("queue.colDue")}</th>
                <th scope="col">{t("queue.colStatus")}</th>
                <th scope="col">{tasks("queue.colKind")}</th>
                <th scope="col">{t("queue.colContact")}</th>
                <th scope="col">{t("queue.colAccount")}</th>
                <th scope="col" className="num">
                  {t("queue.colAcv")}
                </th>
                <th scope="col" className="num">
                  {t("queue.colScore")}
                </th>
                <th scope="col">{t("queue.colComment")}</th>
                <th scope="col">{t("queue.colOwner")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className={isCaseOverdue(row.status, row.dueAt, now) ? "case-overdue" : undefined}>
                  <td>
                    <Link to={`/cs/cases/${row.id}`} className="strong-link">
                      <CaseDue status={row.status} dueAt={row.dueAt} now={now} dense />
                    </Link>
                  </td>
                  <td>
                    <CaseStatusBadge status={row.status} />
                  </td>
                  <td>{tasks(`kind.${row.kind}`)}</td>
                  <td>
                    {row.contactEmail === null ? (
                      <span className="muted">{tasks("queue.wholeAccount")}</span>
                    ) : (
                      <>
                        <div>{row.contactName ?? <span className="muted">{t("queue.noName")}</span>}</div>
                        <div className="muted small">{row.contactEmail}</div>
                      </>
                    )}
                  </td>
                  <td>
                    <Link to={`/cs/accounts/${row.accountId}`}>{row.accountName}</Link> <SegmentBadge segment={row.segment} />
                  </td>
                  <td className="num">{format.money(row.acvAmount, row.acvCurrency)}</td>
                  <td className="num">{row.score ?? "—"}</td>
                  <td className="response-comment-cell">
                    {row.comment ? (
                      <p className="response-comment" title={row.comment}>
                        {row.comment}
                      </p>
                    ) : (
                      <span className="muted">{t("queue.noComment")}</span>
                    )}
                  </td>
                  <td>{row.ownerName ?? <span className="muted">{t("queue.ownerUnassigned")}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <KeysetPager shown={rows.length} pageSize={pageSize} next={next} noun="case" />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("cases");
  return <ConsoleError back={{ to: "/cs/cases", label: t("queue.back") }} />;
}
