import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { scaleLinear } from "@visx/scale";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { useFormat } from "../components/use-format";
import { recentPeriods, type PeriodKind } from "../domain/revenue";
import { SEGMENT_FILTERS } from "../domain/revenue-events";
import { getSetting, teamToday } from "../models/settings.server";
import { accountsByIds } from "../models/revenue-movement.server";
import { retentionForPeriods } from "../services/retention-kpis.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const COUNT: Record<PeriodKind, number> = { month: 12, quarter: 8, year: 3 };
const FIGURES = ["cohort", "expansion", "contraction", "churn"] as const;

// Anything unreadable in the query falls back to its default: the page is a report, not a form to refuse.
const Query = z.object({
  kind: z.enum(["month", "quarter", "year"]).catch("quarter"),
  segment: z.enum(SEGMENT_FILTERS).optional().catch(undefined),
  period: z.coerce.number().int().min(0).max(11).optional().catch(undefined),
  show: z.enum(FIGURES).optional().catch(undefined),
  reason: z.string().max(40).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:revenue:any");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { fiscalYearStartMonth } = getSetting("revenue");
  const periods = recentPeriods(query.kind, teamToday(), fiscalYearStartMonth, COUNT[query.kind]);
  const results = retentionForPeriods(periods, query.segment);
  const rows = periods.map((period, index) => {
    const result = results[index];
    if (!result.ok) return { period, missing: result.missingCurrencies, figures: null };
    const { accounts: _accounts, ...figures } = result.figures;
    return { period, missing: [] as string[], figures };
  });
  const selected = Math.min(query.period ?? periods.length - 1, periods.length - 1);
  let behind: { id: number; name: string; start: number; end: number; reason: string | null }[] | null = null;
  const shown = results[selected];
  if (query.show && shown.ok) {
    const members = shown.figures.accounts.filter((member) => {
      if (query.show === "expansion") return member.end > 0 && member.end > member.start;
      if (query.show === "contraction") return member.end > 0 && member.end < member.start;
      if (query.show === "churn") return member.end === 0 && (!query.reason || member.reason === query.reason);
      return true;
    });
    const names = new Map(accountsByIds(members.map((member) => member.accountId)).map((row) => [row.id, row.name]));
    behind = members.map((member) => ({
      id: member.accountId,
      name: names.get(member.accountId) ?? String(member.accountId),
      start: member.start,
      end: member.end,
      reason: member.reason,
    }));
  }
  return {
    title: (await fixedT(user.language, "kpis"))("title"),
    query,
    selected,
    rows,
    currency: getSetting("currency").reportingCurrency,
    fiscalYearStartMonth,
    behind,
  };
}

const WIDTH = 480;
const BAR = 22;
const LABEL = 170;

export default function Kpis() {
  const { query, selected, rows, currency, fiscalYearStartMonth, behind } = useLoaderData<typeof loader>();
  const { t } = useTranslation("kpis");
  const format = useFormat();
  const money = (minor: number) => format.moneySummary(minor, currency);
  const ratio = (value: number | null) => (value === null ? t("table.noCohort") : format.percent(value));
  const missing = [...new Set(rows.flatMap((row) => row.missing))];
  const reasonLabel = (reason: string) => t(`reasons.${reason}`, { defaultValue: reason });
  const link = (extra: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    const all = { kind: query.kind, segment: query.segment, ...extra };
    for (const [key, value] of Object.entries(all)) if (value !== undefined) params.set(key, String(value));
    return `?${params}#accounts`;
  };
  const current = rows[selected];
  const churn = current?.figures?.churnByReason ?? [];
  const maxChurn = Math.max(1, ...churn.map((row) => row.arr));
  const x = scaleLinear<number>({ domain: [0, maxChurn], range: [0, WIDTH - LABEL - 90] });
  const monthName = new Intl.DateTimeFormat(format.language, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2026, fiscalYearStartMonth - 1, 1)));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("heading")}</h1>
          <p>{t("intro", { currency })}</p>
          <p className="muted small">{t("fiscalYear", { month: monthName })}</p>
        </div>
      </div>
      <Form method="get" className="filters" aria-label={t("filters")}>
        <label>
          {t("period")}{" "}
          <select name="kind" defaultValue={query.kind}>
            {(["month", "quarter", "year"] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(`periodKind.${kind}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("segment")}{" "}
          <select name="segment" defaultValue={query.segment ?? ""}>
            <option value="">{t("allSegments")}</option>
            {SEGMENT_FILTERS.map((segment) => (
              <option key={segment} value={segment}>
                {t(`segments.${segment}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit" className="button">
          {t("apply")}
        </button>
      </Form>
      {missing.length > 0 ? (
        <p className="notice notice-error" role="status">
          {t("noRateNotice", { currencies: missing.join(", ") })}
        </p>
      ) : null}
      <section className="card">
        <div className="table-wrap">
          <table className="data-table">
            <caption>{t("table.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("table.period")}</th>
                <th scope="col">{t("table.grr")}</th>
                <th scope="col">{t("table.nrr")}</th>
                <th scope="col">{t("table.startingArr")}</th>
                <th scope="col">{t("table.expansion")}</th>
                <th scope="col">{t("table.contraction")}</th>
                <th scope="col">{t("table.churn")}</th>
                <th scope="col">{t("table.endingArr")}</th>
                <th scope="col">{t("table.logos")}</th>
                <th scope="col">{t("table.churnedLogos")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={row.period.label} aria-current={index === selected ? "true" : undefined}>
                  <th scope="row">
                    <Link to={link({ period: index })}>{row.period.label}</Link>
                  </th>
                  {row.figures ? (
                    <>
                      <td>{ratio(row.figures.grr)}</td>
                      <td>{ratio(row.figures.nrr)}</td>
                      <td>
                        <Link to={link({ period: index, show: "cohort" })}>{money(row.figures.startingArr)}</Link>
                      </td>
                      <td>
                        <Link to={link({ period: index, show: "expansion" })}>{money(row.figures.expansion)}</Link>
                      </td>
                      <td>
                        <Link to={link({ period: index, show: "contraction" })}>{money(row.figures.contraction)}</Link>
                      </td>
                      <td>
                        <Link to={link({ period: index, show: "churn" })}>{money(row.figures.churn)}</Link>
                      </td>
                      <td>
                        <Link to={link({ period: index, show: "cohort" })}>{money(row.figures.endingArr)}</Link>
                      </td>
                      <td>
                        <Link to={link({ period: index, show: "cohort" })}>{format.number(row.figures.logos.start)}</Link>
                      </td>
                      <td>
                        <Link to={link({ period: index, show: "churn" })}>{format.number(row.figures.logos.churned)}</Link>
                      </td>
                    </>
                  ) : (
                    <td colSpan={9} className="muted">
                      {t("table.noRate", { currencies: row.missing.join(", ") })}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {current ? (
        <section className="card">
          <h2>{t("detailHeading", { period: current.period.label })}</h2>
          <h3>{t("churnByReason")}</h3>
          {churn.length === 0 ? (
            <p className="muted">{t("noChurn")}</p>
          ) : (
            <>
              <figure className="chart">
                <svg
                  className="chart-svg"
                  viewBox={`0 0 ${WIDTH} ${churn.length * (BAR + 8) + 8}`}
                  role="img"
                  aria-label={t("churnChartLabel", {
                    period: current.period.label,
                    values: churn.map((row) => `${reasonLabel(row.reason)} ${money(row.arr)}`).join(format.language === "ja" ? "、" : ", "),
                  })}
                >
                  {churn.map((row, i) => (
                    <g key={row.reason} transform={`translate(0 ${8 + i * (BAR + 8)})`}>
                      <text x={LABEL - 6} y={BAR / 2 + 4} textAnchor="end" className="chart-label">
                        {reasonLabel(row.reason)}
                      </text>
                      <rect x={LABEL} y={0} width={Math.max(1, Math.round(x(row.arr)))} height={BAR} className="chart-bar" />
                      <text x={LABEL + Math.round(x(row.arr)) + 6} y={BAR / 2 + 4} className="chart-value">
                        {money(row.arr)}
                      </text>
                    </g>
                  ))}
                </svg>
              </figure>
              <table className="data-table">
                <caption className="visually-hidden">{t("churnByReason")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("reason")}</th>
                    <th scope="col">{t("arr")}</th>
                    <th scope="col">{t("accounts")}</th>
                  </tr>
                </thead>
                <tbody>
                  {churn.map((row) => (
                    <tr key={row.reason}>
                      <th scope="row">{reasonLabel(row.reason)}</th>
                      <td>
                        <Link to={link({ period: selected, show: "churn", reason: row.reason })}>{money(row.arr)}</Link>
                      </td>
                      <td>
                        <Link to={link({ period: selected, show: "churn", reason: row.reason })}>{format.number(row.logos)}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      ) : null}
      {behind && current ? (
        <section className="card" id="accounts">
          <h2>
            {t("behind.heading", {
              period: current.period.label,
              figure:
                query.show === "churn" && query.reason ? t("behind.reason", { reason: reasonLabel(query.reason) }) : t(`behind.${query.show ?? "cohort"}`),
            })}
          </h2>
          {behind.length === 0 ? (
            <p className="muted">{t("behind.none")}</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("behind.account")}</th>
                  <th scope="col">{t("behind.start")}</th>
                  <th scope="col">{t("behind.end")}</th>
                  <th scope="col">{t("reason")}</th>
                </tr>
              </thead>
              <tbody>
                {behind.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      <Link to={`/cs/accounts/${row.id}`}>{row.name}</Link>
                    </th>
                    <td>{money(row.start)}</td>
                    <td>{money(row.end)}</td>
                    <td>{row.reason ? reasonLabel(row.reason) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <Link to={link({ period: selected }).replace("#accounts", "")}>{t("behind.close")}</Link>
          </p>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("notMeasured.heading")}</h2>
        <ul>
          <li>{t("notMeasured.coverage")}</li>
          <li>{t("notMeasured.pipegen")}</li>
        </ul>
        <p className="muted small">{t("notMeasured.text")}</p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("kpis");
  return <ConsoleError back={{ to: "/cs/kpis", label: t("heading") }} />;
}
