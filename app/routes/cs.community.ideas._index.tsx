import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MissingRatesNote } from "../components/acv-amount";
import { ConsoleError } from "../components/console-error";
import { IdeaStatusBadge } from "../components/ideas";
import { LocalTime } from "../components/local-time";
import { useFormat } from "../components/use-format";
import { consoleIdeaRanking } from "../services/idea-console.server";
import { reportingContext } from "../services/currency-settings.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const STATUSES = ["open", "all", "new", "under_review", "planned", "in_progress", "shipped", "declined"] as const;
const SEGMENTS = ["high", "low", "tech"] as const;
const SORTS = ["arr", "votes", "newest", "trending"] as const;

/** The product team's ranking: ideas by the revenue asking, with filters (segment, status, product area), and the requests CSMs logged. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:idea:any");
  const url = new URL(request.url);
  const ranking = consoleIdeaRanking(url.searchParams);
  return { ...ranking, reporting: reportingContext(), title: (await fixedT(user.language, "ideas"))("console.metaTitle") };
}

export default function IdeasRanking() {
  const { ideas, next, filters, requests, reporting, exportHref } = useLoaderData<typeof loader>();
  const { t } = useTranslation("ideas");
  const format = useFormat();
  const money = (minor: number) => format.money(minor, reporting.reportingCurrency);
  const here = new URLSearchParams(Object.entries(filters).filter(([, value]) => value) as [string, string][]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("console.heading")}</h1>
          <p>{t("console.intro", { currency: reporting.reportingCurrency })}</p>
        </div>
        <a className="button secondary" href={exportHref} download>
          {t("console.export")}
        </a>
      </div>

      <MissingRatesNote missing={reporting.missing} reportingCurrency={reporting.reportingCurrency} />

      <form method="get" className="filters" aria-label={t("console.filters")}>
        <div className="field">
          <label htmlFor="idea-segment">{t("console.segment")}</label>
          <select id="idea-segment" name="segment" defaultValue={filters.segment}>
            <option value="">{t("console.any")}</option>
            {SEGMENTS.map((segment) => (
              <option key={segment} value={segment}>
                {t(`segment.${segment}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="idea-status">{t("console.status")}</label>
          <select id="idea-status" name="status" defaultValue={filters.status}>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status === "open" ? t("board.open") : status === "all" ? t("board.allOpen") : t(`status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="idea-area">{t("console.area")}</label>
          <input id="idea-area" name="area" defaultValue={filters.area} maxLength={30} />
        </div>
        <div className="field">
          <label htmlFor="idea-sort">{t("console.sort")}</label>
          <select id="idea-sort" name="sort" defaultValue={filters.sort}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("console.apply")}</button>
      </form>

      {ideas.length === 0 ? (
        <div className="empty-state">
          <p>{t("console.empty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("console.heading")}</caption>
            <thead>
              <tr className="nowrap-head">
                <th scope="col">{t("console.columns.idea")}</th>
                <th scope="col">{t("console.columns.status")}</th>
                <th scope="col" className="num">
                  {t("console.columns.votes")}
                </th>
                <th scope="col" className="num">
                  {t("console.columns.accounts")}
                </th>
                <th scope="col" className="num">
                  {t("console.columns.arr")}
                </th>
                <th scope="col" className="num">
                  {t("console.columns.segments")}
                </th>
                <th scope="col" className="num">
                  {t("console.columns.renewing")}
                </th>
                <th scope="col">{t("console.columns.areas")}</th>
              </tr>
            </thead>
            <tbody>
              {ideas.map((idea) => (
                <tr key={idea.id}>
                  <td>
                    <Link to={`/cs/community/ideas/${idea.id}`} className="strong-link">
                      {idea.title}
                    </Link>
                    <div className="muted small">#{idea.id}</div>
                  </td>
                  <td>
                    <IdeaStatusBadge status={idea.status} />
                  </td>
                  <td className="num">{format.number(idea.votes)}</td>
                  <td className="num">{format.number(idea.asking?.accounts ?? 0)}</td>
                  <td className="num nowrap">{money(idea.asking?.arrMinor ?? 0)}</td>
                  <td className="num nowrap">
                    {format.number(idea.asking?.high ?? 0)} / {format.number(idea.asking?.low ?? 0)} / {format.number(idea.asking?.tech ?? 0)}
                  </td>
                  <td className="num nowrap">{money(idea.asking?.renewingMinor ?? 0)}</td>
                  <td>{idea.areas.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {here.has("after") ? <a href={`?${new URLSearchParams([...here].filter(([key]) => key !== "after"))}`}>{t("console.first")}</a> : null}{" "}
        {next ? (
          <a className="button secondary small" href={`?${new URLSearchParams([...[...here].filter(([key]) => key !== "after"), ["after", next]])}`}>
            {t("console.next")}
          </a>
        ) : null}
      </p>
      <p className="muted small">{t("console.rebuildHint")}</p>

      <h2>{t("console.requestsHeading")}</h2>
      {requests.length === 0 ? (
        <p className="muted">{t("console.requestsEmpty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr className="nowrap-head">
                <th scope="col">{t("console.requestColumns.idea")}</th>
                <th scope="col">{t("console.requestColumns.account")}</th>
                <th scope="col">{t("console.requestColumns.contact")}</th>
                <th scope="col">{t("console.requestColumns.importance")}</th>
                <th scope="col">{t("console.requestColumns.quote")}</th>
                <th scope="col">{t("console.requestColumns.by")}</th>
                <th scope="col">{t("console.requestColumns.when")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((request) => (
                <tr key={request.id}>
                  <td>
                    <Link to={`/cs/community/ideas/${request.ideaId}`}>{request.ideaTitle}</Link>
                  </td>
                  <td>{request.accountName}</td>
                  <td>{request.contactName ?? request.contactEmail ?? "—"}</td>
                  <td>{t(`importance.${request.importance}`)}</td>
                  <td>{request.quote}</td>
                  <td>{request.source === "api" ? t("console.viaApi") : (request.loggedByName ?? "—")}</td>
                  <td className="nowrap">
                    <LocalTime value={request.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
