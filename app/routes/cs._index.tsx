import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { bucketLabel, NpsTrendChart } from "../components/charts/nps-trend-chart";
import { ScoreHistogram } from "../components/charts/score-histogram";
import { ConsoleError } from "../components/console-error";
import { FilterSelect, namedOptions, SEGMENT_OPTIONS } from "../components/filter-select";
import type { NpsSummary } from "../domain/nps-stats";
import { teamToday } from "../models/settings.server";
import { loadNpsDashboard, parseDashboardQuery, type Breakdown } from "../services/nps-dashboard.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "NPS dashboard · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:response:any");
  const parsed = parseDashboardQuery(new URL(request.url).searchParams, teamToday());
  if (!parsed.ok) throw new Response(parsed.message, { status: 400 });
  return loadNpsDashboard(parsed.view);
}

const fmt = (value: number | null, digits = 0) => (value === null ? "—" : value.toFixed(digits));
const signed = (value: number) => `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value).toFixed(1)}`;

const DIMENSION_TITLE: Record<Breakdown["dimension"], string> = { segment: "Segment", csm: "CSM", stage: "Stage", locale: "Language", campaign: "Campaign" };

function NpsValue({ summary }: { summary: NpsSummary }) {
  if (summary.nps === null) return <span className="muted">—</span>;
  return (
    <>
      {fmt(summary.nps)} <span className="muted">±{fmt(summary.margin)}</span>
    </>
  );
}

export default function NpsDashboardPage() {
  const d = useLoaderData<typeof loader>();
  const { view, summary, change } = d;
  const t = d.thresholds;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>NPS overview</h1>
          <p>
            {view.from} – {view.to} · days in {d.timeZone} · every figure with its 95 % margin of error
          </p>
        </div>
      </div>

      {d.rebuild.running ? (
        <div className="notice info" role="status">
          <p>
            The counts are being rebuilt for the days of {d.rebuild.timeZone}: {d.rebuild.percent}%. Until it finishes, some answers still sit on their day in
            the previous time zone; totals are complete. Reload to see progress.
          </p>
          <progress max={100} value={d.rebuild.percent} aria-label="Rebuild progress">
            {d.rebuild.percent}%
          </progress>
        </div>
      ) : null}

      <Form method="get" className="filters" aria-label="Dashboard filters">
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" type="date" name="from" defaultValue={view.from} />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input id="to" type="date" name="to" defaultValue={view.to} />
        </div>
        <FilterSelect name="segment" label="Segment" anyLabel="All segments" value={view.segment} options={SEGMENT_OPTIONS} />
        <FilterSelect name="campaign" label="Campaign" anyLabel="All campaigns" value={view.campaignId} options={namedOptions(d.options.campaigns)} />
        <FilterSelect name="csm" label="CSM" anyLabel="All CSMs" value={view.csmUserId} options={namedOptions(d.options.csms)} />
        <div className="field">
          <label htmlFor="by">Trend</label>
          <select id="by" name="by" defaultValue={view.granularity}>
            <option value="month">By month</option>
            <option value="week">By week</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="window">Rolling window</label>
          <select id="window" name="window" defaultValue={view.window}>
            {[1, 2, 3, 4, 6, 8, 12].map((w) => (
              <option key={w} value={w}>
                {w === 1 ? "None" : `${w} ${view.granularity === "week" ? "weeks" : "months"}`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Apply
        </button>
        <Link to="/cs" className="button secondary">
          Reset
        </Link>
      </Form>

      <div className="stats">
        <div className="stat">
          <div className="value">
            <NpsValue summary={summary} />
          </div>
          <div className="label">
            NPS ({summary.n.toLocaleString("en")} response{summary.n === 1 ? "" : "s"})
          </div>
        </div>
        <div className="stat">
          <div className="value">{change.delta === null ? "—" : signed(change.delta)}</div>
          <div className="label">
            vs {d.previous.from} – {d.previous.to}{" "}
            {change.delta === null ? null : change.significant ? <span className="badge good">significant</span> : <span className="badge">within noise</span>}
          </div>
        </div>
        <div className="stat">
          <div className="value">{fmt(summary.mean, 1)}</div>
          <div className="label">Mean score</div>
        </div>
        <div className="stat">
          <div className="value">
            <span className="nps-promoters">{summary.promoters.toLocaleString("en")}</span> / {summary.passives.toLocaleString("en")} /{" "}
            <span className="nps-detractors">{summary.detractors.toLocaleString("en")}</span>
          </div>
          <div className="label">Promoters / passives / detractors</div>
        </div>
        <div className="stat">
          <div className="value">{d.responseRate === null ? "—" : `${(d.responseRate * 100).toFixed(1)} %`}</div>
          <div className="label">Response rate ({d.invitations.toLocaleString("en")} invitations)</div>
        </div>
      </div>

      <div className="dashboard-charts">
        <section className="card">
          <h2>Trend</h2>
          <NpsTrendChart
            title={`NPS by ${view.granularity}${view.window > 1 ? `, rolling ${view.window} ${view.granularity}s` : ""}`}
            points={d.trend.map((p) => ({
              bucket: p.bucket,
              label: bucketLabel(p.bucket, view.granularity),
              nps: p.summary.nps,
              margin: p.summary.margin,
              n: p.summary.n,
            }))}
          />
        </section>
        <section className="card">
          <h2>Scores</h2>
          <ScoreHistogram title="Responses by score" counts={summary.histogram} promoterMin={t.promoterMin} detractorMax={t.detractorMax} />
        </section>
      </div>

      <FollowUpCard d={d} />

      <div className="breakdowns">
        {d.breakdowns.map((b) => (
          <section key={b.dimension} className="card">
            <h2>By {b.dimension === "csm" ? "CSM" : DIMENSION_TITLE[b.dimension].toLowerCase()}</h2>
            {b.rows.length === 0 ? (
              <p className="muted">No responses.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">NPS by {DIMENSION_TITLE[b.dimension]}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{DIMENSION_TITLE[b.dimension]}</th>
                      <th scope="col" className="num">
                        NPS
                      </th>
                      <th scope="col" className="num">
                        Responses
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.slice(0, 12).map((row) => (
                      <tr key={row.key}>
                        <td>{row.label}</td>
                        <td className="num">
                          <NpsValue summary={row.summary} />
                        </td>
                        <td className="num">{row.summary.n.toLocaleString("en")}</td>
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
  { status: "resolved", label: "Resolved", className: "loop-resolved" },
  { status: "wont_fix", label: "Won't fix", className: "loop-wont-fix" },
  { status: "contacted", label: "Contacted", className: "loop-contacted" },
  { status: "open", label: "Open", className: "loop-open" },
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
  const { opened, openNow, overdueNow } = d.followUp;
  const total = FOLLOW_UP_PARTS.reduce((sum, part) => sum + opened[part.status], 0);
  const owner = d.view.csmUserId !== null ? `owner=${d.view.csmUserId}` : "owner=anyone";
  const narrowed = d.view.segment !== null || d.view.campaignId !== null;
  return (
    <section className="card follow-up-card" aria-labelledby="follow-up-heading">
      <div className="follow-up-head">
        <h2 id="follow-up-heading">Closing the loop</h2>
        <p>
          <Link to={`/cs/cases?${owner}`}>{openNow.toLocaleString("en")} open now</Link>
          {" · "}
          <Link to={`/cs/cases?${owner}&overdue=1`} className={overdueNow > 0 ? "overdue" : undefined}>
            {overdueNow.toLocaleString("en")} overdue
          </Link>
        </p>
      </div>
      <p className="muted">
        {total.toLocaleString("en")} follow-up case{total === 1 ? "" : "s"} opened for detractors in this period
        {narrowed ? " (across all segments and campaigns)" : ""}, by where they stand now.
      </p>
      {total > 0 ? (
        <svg
          className="loop-bar"
          viewBox="0 0 100 14"
          preserveAspectRatio="none"
          role="img"
          aria-label={FOLLOW_UP_PARTS.map((p) => `${p.label} ${opened[p.status]}`).join(", ")}
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
              <span className={`swatch ${p.className}`} aria-hidden="true" /> {p.label}
            </dt>
            <dd>
              {opened[p.status].toLocaleString("en")}
              {total > 0 ? <span className="muted"> ({Math.round((opened[p.status] / total) * 100)} %)</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs", label: "Back to the dashboard" }} />;
}
