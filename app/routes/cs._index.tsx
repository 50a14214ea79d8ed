import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { NpsTrendChart } from "../components/charts/nps-trend-chart";
import { ScoreHistogram } from "../components/charts/score-histogram";
import { ConsoleError } from "../components/console-error";
import { FilterSelect, namedOptions } from "../components/filter-select";
import { SEGMENTS, STAGES, useSegmentOptions } from "../components/segment-badge";
import { useFormat } from "../components/use-format";
import type { NpsSummary } from "../domain/nps-stats";
import { bucketLabel, formatNpsChange, formatNpsWithMargin } from "../domain/nps-wording";
import { teamToday } from "../models/settings.server";
import { loadNpsDashboard, parseDashboardQuery, type Breakdown, type DashboardQueryProblem } from "../services/nps-dashboard.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** Why the URL's filters cannot be read, in the reader's words. */
function problemText(t: TFunction, problem: DashboardQueryProblem): string {
  if (problem.code === "field") return t("badQuery.field", { field: problem.field, problem: t(`badQuery.${problem.problem}`) });
  if (problem.code === "reversed") return t("badQuery.reversed", { from: problem.from, to: problem.to });
  return t("badQuery.tooLong");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:response:any");
  const t = await fixedT(user.language, "dashboard");
  const parsed = parseDashboardQuery(new URL(request.url).searchParams, teamToday());
  if (!parsed.ok) throw new Response(problemText(t, parsed.problem), { status: 400 });
  return { ...loadNpsDashboard(parsed.view), title: t("title") };
}

type Dimension = Breakdown["dimension"];

/** A breakdown row's name: the service names CSMs and campaigns; segments, stages and languages are words of the page's language. */
function rowLabel(t: TFunction<["dashboard", "console"]>, dimension: Dimension, row: Breakdown["rows"][number]): string {
  if (dimension === "segment" && (SEGMENTS as readonly string[]).includes(row.key)) return t(`console:terms.segment.${row.key as (typeof SEGMENTS)[number]}`);
  if (dimension === "stage" && (STAGES as readonly string[]).includes(row.key)) return t(`console:terms.stage.${row.key as (typeof STAGES)[number]}`);
  if (dimension === "locale" && (row.key === "en" || row.key === "ja")) return t(`console:terms.language.${row.key}`);
  if (row.key === "0" && dimension === "csm") return t("dashboard:breakdown.noCsm");
  if (row.key === "0" && dimension === "campaign") return t("dashboard:breakdown.noCampaign");
  return row.label;
}

/** A calendar day as a dense Japanese date: 2024-12-08 → 2024/12/8. */
const slashed = (day: string) => day.replace(/-0?/g, "/");

function NpsValue({ summary }: { summary: NpsSummary }) {
  const format = useFormat();
  if (summary.nps === null) return <span className="muted">—</span>;
  const [nps, margin] = formatNpsWithMargin(summary, format).split(" ");
  return (
    <>
      {nps} {margin ? <span className="muted">{margin}</span> : null}
    </>
  );
}

export default function NpsDashboardPage() {
  const d = useLoaderData<typeof loader>();
  const { view, summary, change } = d;
  const { t } = useTranslation(["dashboard", "console"]);
  const format = useFormat();
  const thresholds = d.thresholds;
  const segmentOptions = useSegmentOptions();
  const range = (from: string, to: string) => ({ from: format.day(from), to: format.day(to) });
  const trendTitle =
    view.window > 1
      ? t(view.granularity === "week" ? "dashboard:trend.weekRolling" : "dashboard:trend.monthRolling", { count: view.window })
      : t(view.granularity === "week" ? "dashboard:trend.week" : "dashboard:trend.month");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("dashboard:heading")}</h1>
          <p>{t("dashboard:intro", { ...range(view.from, view.to), timeZone: d.timeZone })}</p>
        </div>
      </div>

      {d.rebuild.running ? (
        <div className="notice info" role="status">
          <p>{t("dashboard:rebuild.text", { timeZone: d.rebuild.timeZone, percent: format.percent(d.rebuild.percent / 100) })}</p>
          <progress max={100} value={d.rebuild.percent} aria-label={t("dashboard:rebuild.progress")}>
            {format.percent(d.rebuild.percent / 100)}
          </progress>
        </div>
      ) : null}

      <Form method="get" className="filters" aria-label={t("dashboard:filters.label")}>
        <div className="field">
          <label htmlFor="from">{t("dashboard:filters.from")}</label>
          <input id="from" type="date" name="from" defaultValue={view.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("dashboard:filters.to")}</label>
          <input id="to" type="date" name="to" defaultValue={view.to} />
        </div>
        <FilterSelect
          name="segment"
          label={t("dashboard:filters.segment")}
          anyLabel={t("dashboard:filters.allSegments")}
          value={view.segment}
          options={segmentOptions}
        />
        <FilterSelect
          name="campaign"
          label={t("dashboard:filters.campaign")}
          anyLabel={t("dashboard:filters.allCampaigns")}
          value={view.campaignId}
          options={namedOptions(d.options.campaigns)}
        />
        <FilterSelect
          name="csm"
          label={t("dashboard:filters.csm")}
          anyLabel={t("dashboard:filters.allCsms")}
          value={view.csmUserId}
          options={namedOptions(d.options.csms)}
        />
        <div className="field">
          <label htmlFor="by">{t("dashboard:filters.trend")}</label>
          <select id="by" name="by" defaultValue={view.granularity}>
            <option value="month">{t("dashboard:filters.byMonth")}</option>
            <option value="week">{t("dashboard:filters.byWeek")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="window">{t("dashboard:filters.window")}</label>
          <select id="window" name="window" defaultValue={view.window}>
            {[1, 2, 3, 4, 6, 8, 12].map((w) => (
              <option key={w} value={w}>
                {w === 1
                  ? t("dashboard:filters.noWindow")
                  : t(view.granularity === "week" ? "dashboard:filters.weeks" : "dashboard:filters.months", { count: w })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("dashboard:filters.apply")}
        </button>
        <Link to="/cs" className="button secondary">
          {t("dashboard:filters.reset")}
        </Link>
      </Form>

      <div className="stats">
        <div className="stat">
          <div className="value">
            <NpsValue summary={summary} />
          </div>
          <div className="label">{t("dashboard:stats.nps", { count: summary.n, n: format.number(summary.n) })}</div>
        </div>
        <div className="stat">
          <div className="value">{change.delta === null ? "—" : formatNpsChange(change.delta, format)}</div>
          <div className="label">
            {t(
              "dashboard:stats.versus",
              format.language === "ja" ? { from: slashed(d.previous.from), to: slashed(d.previous.to) } : range(d.previous.from, d.previous.to),
            )}{" "}
            {change.delta === null ? null : change.significant ? (
              <span className="badge good">{t("dashboard:stats.significant")}</span>
            ) : (
              <span className="badge">{t("dashboard:stats.noise")}</span>
            )}
          </div>
        </div>
        <div className="stat">
          <div className="value">{summary.mean === null ? "—" : format.number(summary.mean, 1)}</div>
          <div className="label">{t("dashboard:stats.mean")}</div>
        </div>
        <div className="stat">
          <div className="value">
            <span className="nps-promoters">{format.number(summary.promoters)}</span> / {format.number(summary.passives)} /{" "}
            <span className="nps-detractors">{format.number(summary.detractors)}</span>
          </div>
          <div className="label">{t("dashboard:stats.categories")}</div>
        </div>
        <div className="stat">
          <div className="value">{d.responseRate === null ? "—" : format.number(d.responseRate * 100, 1) + "%"}</div>
          <div className="label">{t("dashboard:stats.responseRate", { count: d.invitations, n: format.number(d.invitations) })}</div>
        </div>
      </div>

      <div className="dashboard-charts">
        <section className="card">
          <h2>{t("dashboard:trend.heading")}</h2>
          <NpsTrendChart
            title={trendTitle}
            points={d.trend.map((p) => ({
              bucket: p.bucket,
              label: bucketLabel(p.bucket, view.granularity, format.language),
              nps: p.summary.nps,
              margin: p.summary.margin,
              n: p.summary.n,
            }))}
          />
        </section>
        <section className="card">
          <h2>{t("dashboard:scores.heading")}</h2>
          <ScoreHistogram
            title={t("dashboard:scores.histogram")}
            counts={summary.histogram}
            promoterMin={thresholds.promoterMin}
            detractorMax={thresholds.detractorMax}
          />
        </section>
      </div>

      <FollowUpCard d={d} />

      <div className="breakdowns">
        {d.breakdowns.map((b) => (
          <section key={b.dimension} className="card">
            <h2>{t(`dashboard:breakdown.heading.${b.dimension}`)}</h2>
            {b.rows.length === 0 ? (
              <p className="muted">{t("dashboard:breakdown.none")}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">
                    {t("dashboard:breakdown.caption", { dimension: t(`dashboard:breakdown.column.${b.dimension}`) })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t(`dashboard:breakdown.column.${b.dimension}`)}</th>
                      <th scope="col" className="num nowrap">
                        {t("dashboard:breakdown.nps")}
                      </th>
                      <th scope="col" className="num nowrap">
                        {t("dashboard:breakdown.responses")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.slice(0, 12).map((row) => (
                      <tr key={row.key}>
                        <td>{rowLabel(t, b.dimension, row)}</td>
                        <td className="num">
                          <NpsValue summary={row.summary} />
                        </td>
                        <td className="num">{format.number(row.summary.n)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ))}
      </div>
    </>
  );
}

const FOLLOW_UP_PARTS = [
  { status: "resolved", className: "loop-resolved" },
  { status: "wont_fix", className: "loop-wont-fix" },
  { status: "contacted", className: "loop-contacted" },
  { status: "open", className: "loop-open" },
] as const;

/** The bar's parts as rectangles on a 0–100 axis, one after the other; empty parts are left out. */
function loopBarSegments<T extends { key: string; className: string; value: number }>(parts: T[]) {
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  let x = 0;
  return parts.flatMap((part) => {
    if (part.value <= 0) return [];
    const width = (part.value / total) * 100;
    const segment = { key: part.key, className: part.className, x, width };
    x += width;
    return [segment];
  });
}

/** Closing the loop: where the period's follow-up cases stand, as a bar with its numbers beside it. */
function FollowUpCard({ d }: { d: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation("dashboard");
  const format = useFormat();
  const { opened, openNow, overdueNow } = d.followUp;
  const total = FOLLOW_UP_PARTS.reduce((sum, part) => sum + opened[part.status], 0);
  const owner = d.view.csmUserId !== null ? `owner=${d.view.csmUserId}` : "owner=anyone";
  const narrowed = d.view.segment !== null || d.view.campaignId !== null;
  return (
    <section className="card follow-up-card" aria-labelledby="follow-up-heading">
      <div className="follow-up-head">
        <h2 id="follow-up-heading">{t("loop.heading")}</h2>
        <p>
          <Link to={`/cs/cases?${owner}`}>{t("loop.openNow", { n: format.number(openNow) })}</Link>
          {" · "}
          <Link to={`/cs/cases?${owner}&overdue=1`} className={overdueNow > 0 ? "overdue" : undefined}>
            {t("loop.overdue", { n: format.number(overdueNow) })}
          </Link>
        </p>
      </div>
      <p className="muted">{t(narrowed ? "loop.summaryNarrowed" : "loop.summary", { count: total, n: format.number(total) })}</p>
      {total > 0 ? (
        <svg
          className="loop-bar"
          viewBox="0 0 100 14"
          preserveAspectRatio="none"
          role="img"
          aria-label={FOLLOW_UP_PARTS.map((p) => `${t(`loop.status.${p.status}`)} ${format.number(opened[p.status])}`).join(
            format.language === "ja" ? "、" : ", ",
          )}
        >
          {loopBarSegments(FOLLOW_UP_PARTS.map((p) => ({ key: p.status, className: p.className, value: opened[p.status] }))).map((segment) => (
            <rect key={segment.key} className={segment.className} x={segment.x} width={segment.width} y={0} height={14} />
          ))}
        </svg>
      ) : null}
      <dl className="loop-legend">
        {FOLLOW_UP_PARTS.map((p) => (
          <div key={p.status}>
            <dt>
              <span className={`swatch ${p.className}`} aria-hidden="true" /> {t(`loop.status.${p.status}`)}
            </dt>
            <dd>
              {format.number(opened[p.status])}
              {total > 0 ? <span className="muted"> ({format.number(Math.round((opened[p.status] / total) * 100))}%)</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("dashboard");
  return <ConsoleError back={{ to: "/cs", label: t("back") }} />;
}
