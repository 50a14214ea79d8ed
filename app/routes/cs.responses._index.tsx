import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { ActionNotice } from "../components/action-notice";
import { AcvAmount, MissingRatesNote } from "../components/acv-amount";
import { ExportCsvForm } from "../components/export-csv-form";
import { FollowUpCell } from "../components/follow-up-cell";
import { ConsoleError } from "../components/console-error";
import { FilterSelect, namedOptions, useSegmentOptions } from "../components/filter-select";
import { KeysetPager, withParams } from "../components/pager";
import { ResponseScore } from "../components/response-score";
import { useFormat } from "../components/use-format";
import { FieldError, FormError } from "../components/settings-form";
import { BulkAssignForm } from "../domain/case-forms";
import { firstError } from "../domain/form-input";
import { RenewalDate, SegmentBadge } from "../components/segment-badge";
import type { Category } from "../domain/nps";
import { can } from "../domain/permissions";
import { todayIso } from "../domain/rows";
import { listAssignableUsers } from "../models/case.server";
import { assignResponseFollowUps } from "../services/assign-cases.server";
import { reportingContext } from "../services/currency-settings.server";
import { listResponses, parseResponseListQuery, RESPONSE_PAGE_SIZE } from "../services/list-responses.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { errorMessage } from "../domain/service-error";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:response:any");
  const parsed = parseResponseListQuery(new URL(request.url).searchParams);
  if (!parsed.ok)
    throw new Response(errorMessage(parsed.code, parsed.params, user.language), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const canAssign = can(user.role, "write:case:any");
  const t = await fixedT(user.language, "responses");
  return {
    title: t("list.title"),
    ...listResponses(parsed.query, parsed.after),
    reporting: reportingContext(),
    today: todayIso(),
    now: Date.now(),
    pageSize: RESPONSE_PAGE_SIZE,
    canAssign,
    canExport: can(user.role, "export:response:any"),
    assignees: canAssign ? listAssignableUsers() : [],
  };
}

/** Conform's reply for the bulk-assign form, and in a sentence what was done (or its first refusal). */
type ActionResult = { ok: boolean; message: string; result: SubmissionResult<string[]> };

/** Bulk assign: the selected responses' cases go to one owner; a response without a case gets one. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:case:any");
  const submission = parseWithZod(await request.formData(), { schema: BulkAssignForm });
  if (submission.status !== "success") {
    const result = submission.reply();
    return data<ActionResult>({ ok: false, message: firstError(result, user.language), result }, { status: 400 });
  }
  try {
    const result = assignResponseFollowUps({ user, ip: clientIp(request) }, submission.value.response, submission.value.owner);
    const t = await fixedT(user.language, "responses");
    const parts = [t("list.assigned", { count: result.assigned })];
    if (result.opened) parts.push(t("list.opened", { count: result.opened }));
    if (result.unchanged) parts.push(t("list.unchanged", { count: result.unchanged }));
    const message = t("list.assignedNotice", { parts: parts.join(t("list.partsGap")) });
    return data<ActionResult>({ ok: true, message, result: submission.reply({ resetForm: true }) });
  } catch (error) {
    // The service names the selection `ids`; on this page it is the rows' `response` boxes.
    const { result, status } = refusalReply(submission, error, { fieldNames: { ids: "response" }, language: user.language });
    return data<ActionResult>({ ok: false, message: firstError(result, user.language), result }, { status });
  }
}

const TABS: (Category | undefined)[] = ["detractor", "passive", "promoter", undefined];

const SORTS = ["stake", "newest", "score"] as const;

/** The contact's previous score and the change, under the score: "was 8, −3". */
function ScoreChange({ score, previous }: { score: number; previous: number | null }) {
  const { t } = useTranslation("responses");
  if (previous === null) return null;
  const change = score - previous;
  return (
    <div className="small muted">
      {t("list.was", { previous })}{" "}
      <span className={`score-change ${change > 0 ? "up" : change < 0 ? "down" : "same"}`}>
        {change > 0 ? `+${change}` : change < 0 ? `−${-change}` : "±0"}
      </span>
    </div>
  );
}

type Assignee = { id: number; name: string };

/**
 * The list's table; with the bulk-assign bar, inside the POST form its checkboxes belong to. The
 * selection's refusal sits in the bar and every box names it; the owner's sits beside the select.
 */
function ListTable({
  canAssign,
  assignees,
  lastResult,
  children,
}: {
  canAssign: boolean;
  assignees: Assignee[];
  lastResult: SubmissionResult<string[]> | undefined;
  children: (selection: { invalid: boolean; errorId: string; checked: Set<string> }) => ReactNode;
}) {
  const { t } = useTranslation("responses");
  const [form, fields] = useForm({
    id: "bulk-assign",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BulkAssignForm }),
  });
  // Without JavaScript the page comes back from a refusal with the same rows still ticked.
  const ticked = fields.response.initialValue;
  const selection = {
    invalid: Boolean(fields.response.errors?.length),
    errorId: fields.response.errorId,
    checked: new Set<string>((Array.isArray(ticked) ? ticked : [ticked]).filter((value): value is string => typeof value === "string")),
  };
  if (!canAssign) return <div className="table-wrap">{children(selection)}</div>;
  return (
    <Form method="post" className="table-wrap" {...getFormProps(form)}>
      <div className="bulk-assign">
        <label htmlFor={fields.owner.id}>{t("list.assignTo")}</label>
        <select {...getSelectProps(fields.owner)} required defaultValue={typeof fields.owner.initialValue === "string" ? fields.owner.initialValue : ""}>
          <option value="" disabled>
            {t("list.choose")}
          </option>
          {assignees.map((assignee) => (
            <option key={assignee.id} value={assignee.id}>
              {assignee.name}
            </option>
          ))}
          <option value="none">{t("list.nobody")}</option>
        </select>
        <button type="submit" className="small">
          {t("list.assignSelected")}
        </button>
        <span className="muted small">{t("list.assignHint")}</span>
        <FieldError errors={fields.owner.errors} id={fields.owner.errorId} />
        <FieldError errors={fields.response.errors} id={fields.response.errorId} />
        <FormError errors={form.errors} id={form.errorId} />
      </div>
      {children(selection)}
    </Form>
  );
}

export default function ResponseLists() {
  const { query, rows, counts, next, options, today, now, pageSize, canAssign, canExport, assignees, reporting } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { search } = useLocation();
  const { t } = useTranslation("responses");
  const format = useFormat();
  const segmentOptions = useSegmentOptions();
  const filtered = Boolean(query.q || query.segment || query.csm || query.campaign || query.from || query.to);
  const total = query.category ? counts[query.category] : counts.all;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("list.heading")}</h1>
          <p>
            {t(filtered ? "list.matching" : "list.total", { count: total })}
            {t("console:shared.sentenceGap")}
            {query.sort === "stake" ? t("list.sortStake") : query.sort === "newest" ? t("list.sortNewest") : t("list.sortScore")}
          </p>
        </div>
        {canExport && total > 0 ? <ExportCsvForm filters={query} total={total} /> : null}
      </div>

      <nav className="response-tabs" aria-label={t("list.tabs")}>
        {TABS.map((category) => {
          const current = query.category === (category ?? null);
          return (
            <Link
              key={category ?? "all"}
              to={withParams(search, { category, after: undefined })}
              className={`response-tab${category ? ` ${category}` : ""}`}
              aria-current={current ? "page" : undefined}
            >
              {t(`list.tab.${category ?? "all"}`)} <span className="response-tab-count">{format.number(category ? counts[category] : counts.all)}</span>
            </Link>
          );
        })}
      </nav>

      <Form method="get" className="filters" role="search" aria-label={t("list.filters")}>
        {query.category ? <input type="hidden" name="category" value={query.category} /> : null}
        <div className="field grow">
          <label htmlFor="q">{t("list.search")}</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} placeholder={t("list.searchPlaceholder")} />
        </div>
        <FilterSelect name="segment" label={t("list.segment")} anyLabel={t("list.allSegments")} value={query.segment} options={segmentOptions} />
        <FilterSelect name="csm" label={t("list.csm")} anyLabel={t("list.anyone")} value={query.csm} options={namedOptions(options.csms)} />
        <FilterSelect
          name="campaign"
          label={t("list.campaign")}
          anyLabel={t("list.allCampaigns")}
          value={query.campaign}
          options={namedOptions(options.campaigns)}
        />
        <div className="field">
          <label htmlFor="from">{t("list.from")}</label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("list.to")}</label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="sort">{t("list.order")}</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            {SORTS.map((value) => (
              <option key={value} value={value}>
                {t(`list.sort.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("list.apply")}</button>
        {filtered ? (
          <Link to={withParams("", { category: query.category ?? undefined })} className="button secondary">
            {t("list.clear")}
          </Link>
        ) : null}
      </Form>

      {/* A refusal sits in the bulk-assign bar, beside what it is about. */}
      <ActionNotice result={actionData?.ok ? actionData : undefined} />
      {query.sort === "stake" ? <MissingRatesNote missing={reporting.missing} reportingCurrency={reporting.reportingCurrency} /> : null}

      {rows.length === 0 ? (
        <div className="card empty-state">
          <h2>{query.after ? t("list.noMore") : filtered ? t("list.noMatch") : t("list.none")}</h2>
          <p className="muted">
            {query.after ? (
              <Link to={withParams(search, { after: undefined })}>{t("list.firstPage")}</Link>
            ) : filtered ? (
              t("list.fewerFilters")
            ) : (
              <Trans t={t} i18nKey="list.whenEmpty" components={{ campaigns: <Link to="/cs/campaigns" /> }} />
            )}
          </p>
        </div>
      ) : (
        <ListTable canAssign={canAssign} assignees={assignees} lastResult={actionData?.result}>
          {(selection) => (
            <table className="response-list">
              <caption className="visually-hidden">{t("list.caption")}</caption>
              <thead>
                <tr>
                  {canAssign ? (
                    <th scope="col">
                      <span className="visually-hidden">{t("list.colSelect")}</span>
                    </th>
                  ) : null}
                  <th scope="col">{t("list.colContact")}</th>
                  <th scope="col">{t("list.colAccount")}</th>
                  <th scope="col" className="num">
                    {t("list.colAcv")}
                  </th>
                  <th scope="col">{t("list.colRenewal")}</th>
                  <th scope="col" className="num">
                    {t("list.colScore")} <span className="visually-hidden">{t("list.colScoreHidden")}</span>
                  </th>
                  <th scope="col">{t("list.colComment")}</th>
                  <th scope="col">{t("list.colAnswered")}</th>
                  <th scope="col">{t("list.colFollowUp")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    {canAssign ? (
                      <td>
                        <input
                          type="checkbox"
                          name="response"
                          value={row.id}
                          defaultChecked={selection.checked.has(String(row.id))}
                          aria-label={t("list.selectRow", { who: row.contactName ?? row.contactEmail })}
                          aria-invalid={selection.invalid || undefined}
                          aria-describedby={selection.invalid ? selection.errorId : undefined}
                        />
                      </td>
                    ) : null}
                    <td className="response-contact-cell">
                      <Link to={`/cs/responses/${row.id}`} className="strong-link">
                        {row.contactName ?? row.contactEmail}
                      </Link>
                      {row.contactName ? (
                        <div className="muted small" title={row.contactEmail}>
                          {row.contactEmail}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/cs/accounts/${row.accountId}`} className="strong-link">
                        {row.accountName}
                      </Link>
                    </td>
                    <td className="num">
                      <AcvAmount
                        amount={row.acvAmount}
                        currency={row.acvCurrency}
                        reporting={row.acvReportingMinor}
                        reportingCurrency={reporting.reportingCurrency}
                      />
                      <div>
                        <SegmentBadge segment={row.segment} />
                      </div>
                    </td>
                    <td>
                      <RenewalDate date={row.renewalDate} today={today} />
                    </td>
                    <td className="num">
                      <ResponseScore score={row.score} category={row.category} />
                      <ScoreChange score={row.score} previous={row.previousScore} />
                    </td>
                    <td className="response-comment-cell">
                      {row.comment ? (
                        <p className="response-comment" title={row.comment}>
                          {row.comment}
                        </p>
                      ) : (
                        <span className="muted">{t("list.noComment")}</span>
                      )}
                    </td>
                    <td>
                      <time dateTime={new Date(row.updatedAt).toISOString()} title={format.date(row.updatedAt)}>
                        {format.dateShort(row.updatedAt, now)}
                      </time>
                    </td>
                    <td>
                      <FollowUpCell followUp={row.followUp} now={now} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ListTable>
      )}
      <KeysetPager shown={rows.length} pageSize={pageSize} next={next} noun="response" />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("responses");
  return <ConsoleError back={{ to: "/cs/responses?category=detractor", label: t("list.back") }} />;
}
