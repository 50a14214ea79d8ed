import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { CaseDue, CaseStatusBadge } from "../components/case-status";
import { ConsoleError } from "../components/console-error";
import { countOf, KeysetPager, withParams } from "../components/pager";
import { SegmentBadge } from "../components/segment-badge";
import { CASE_STATUS_LABEL, isCaseOverdue } from "../domain/case-workflow";
import { formatMoney } from "../domain/segments";
import { listCaseQueuePage, parseCaseQueueQuery } from "../services/list-case-queue.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Cases · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:case:any");
  const parsed = parseCaseQueueQuery(new URL(request.url).searchParams, user);
  if (!parsed.ok) throw new Response(parsed.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return listCaseQueuePage(parsed.query, user);
}

export default function CaseQueue() {
  const { query, rows, next, now, overdueCount, users, pageSize, title } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p>
            Follow-up cases, earliest due first.{" "}
            {overdueCount > 0 ? <strong className="case-due overdue">{countOf(overdueCount, "overdue case")}.</strong> : "Nothing overdue."}
          </p>
        </div>
      </div>

      <Form method="get" className="filters" aria-label="Filter cases">
        <div className="field">
          <label htmlFor="owner">Owner</label>
          <select id="owner" name="owner" defaultValue={query.owner}>
            <option value="me">Me</option>
            <option value="anyone">Anyone</option>
            <option value="unassigned">Unassigned</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={query.status}>
            <option value="active">Open and contacted</option>
            {Object.entries(CASE_STATUS_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
            <option value="all">All</option>
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} /> Overdue only
          </label>
        </div>
        <button type="submit">Apply</button>
      </Form>

      {rows.length === 0 ? (
        <div className="card empty-state">
          <h2>{query.after ? "No more cases" : "No cases here"}</h2>
          <p className="muted">
            {query.after ? (
              <Link to={withParams(search, { after: undefined })}>Back to the first page</Link>
            ) : (
              "Detractors' follow-up cases appear here as answers arrive."
            )}
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="case-queue">
            <caption className="visually-hidden">Cases</caption>
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Contact</th>
                <th scope="col">Account</th>
                <th scope="col" className="num">
                  ACV
                </th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Comment</th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className={isCaseOverdue(row.status, row.dueAt, now) ? "case-overdue" : undefined}>
                  <td>
                    <Link to={`/cs/cases/${row.id}`} className="strong-link">
                      <CaseDue status={row.status} dueAt={row.dueAt} now={now} />
                    </Link>
                  </td>
                  <td>
                    <CaseStatusBadge status={row.status} />
                  </td>
                  <td>
                    <div>{row.contactName ?? <span className="muted">No name</span>}</div>
                    <div className="muted small">{row.contactEmail}</div>
                  </td>
                  <td>
                    <Link to={`/cs/accounts/${row.accountId}`}>{row.accountName}</Link> <SegmentBadge segment={row.segment} />
                  </td>
                  <td className="num">{formatMoney({ amount: row.acvAmount, currency: row.acvCurrency })}</td>
                  <td className="num">{row.score}</td>
                  <td className="response-comment-cell">
                    {row.comment ? (
                      <p className="response-comment" title={row.comment}>
                        {row.comment}
                      </p>
                    ) : (
                      <span className="muted">No comment</span>
                    )}
                  </td>
                  <td>{row.ownerName ?? <span className="muted">Unassigned</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <KeysetPager shown={rows.length} pageSize={pageSize} next={next} noun="case" label="Case pages" />
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/cases", label: "Back to my queue" }} />;
}
