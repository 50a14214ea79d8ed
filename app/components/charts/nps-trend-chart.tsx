import { Group } from "@visx/group";
import { scaleLinear, scalePoint } from "@visx/scale";
import { Area, LinePath } from "@visx/shape";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Formatter } from "../../domain/format";
import { formatMarginOfError, formatNps } from "../../domain/nps-wording";
import { useFormat } from "../use-format";
import { ChartDataTable, EmptyChart, toPixel } from "./chart-parts";

export { bucketLabel, formatNps } from "../../domain/nps-wording";

export type NpsTrendPoint = {
  /** Start of the bucket, YYYY-MM-DD. */
  bucket: string;
  /** What the x axis shows, e.g. "Mar 2026" or "2026年3月" (see `bucketLabel`). */
  label: string;
  /** Null when the bucket has no responses. */
  nps: number | null;
  /** Half-width of the 95 % interval, in NPS points; null when it cannot be estimated. */
  margin: number | null;
  /** Responses in the bucket. */
  n: number;
};

// The SVG is laid out in these units and scaled by CSS (`width: 100%`): no measuring, so the
// server and the browser render the same markup.
const WIDTH = 480;
const HEIGHT = 240;
const PLOT = { top: 12, right: 14, bottom: 30, left: 40 };
const INNER_WIDTH = WIDTH - PLOT.left - PLOT.right;
const INNER_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;
// Room an x label such as "Mar 2026" takes in the 11-unit tick font, with a gap to the next.
const X_LABEL_ROOM = 64;

type Plotted = NpsTrendPoint & { nps: number };

function hasScore(point: NpsTrendPoint): point is Plotted {
  return point.n > 0 && point.nps !== null;
}

// A point between two gaps has no neighbour to draw a band to: its interval becomes a whisker.
function isIsolated(points: readonly NpsTrendPoint[], index: number): boolean {
  const before = points[index - 1];
  const after = points[index + 1];
  return !(before && hasScore(before)) && !(after && hasScore(after));
}

function clampNps(value: number): number {
  return Math.max(-100, Math.min(100, value));
}

function bandLow(point: Plotted): number {
  return clampNps(point.nps - (point.margin ?? 0));
}

function bandHigh(point: Plotted): number {
  return clampNps(point.nps + (point.margin ?? 0));
}

/**
 * The y domain: the whole band and zero, on multiples of the tick step within −100..100 and at
 * least 50 wide, so that a calm period does not look like a swing.
 */
export function npsDomain(points: readonly NpsTrendPoint[]): [number, number] {
  const plotted = points.filter(hasScore);
  const low = Math.min(0, ...plotted.map(bandLow));
  const high = Math.max(0, ...plotted.map(bandHigh));
  const step = tickStep(low, high);
  let snappedLow = Math.max(-100, Math.floor(low / step) * step);
  let snappedHigh = Math.min(100, Math.ceil(high / step) * step);
  while (snappedHigh - snappedLow < 50) {
    if (snappedHigh < 100) snappedHigh += step;
    else snappedLow -= step;
  }
  return [snappedLow, snappedHigh];
}

// Steps of 25 up to a 100-point span, else 50: at most five gridlines either way.
function tickStep(low: number, high: number): number {
  return Math.ceil(high / 25) * 25 - Math.floor(low / 25) * 25 > 100 ? 50 : 25;
}

export function npsTicks([low, high]: [number, number]): number[] {
  const step = tickStep(low, high);
  const ticks: number[] = [];
  for (let tick = low; tick <= high; tick += step) ticks.push(tick);
  return ticks;
}

/** Which x labels to print: every k-th counted back from the latest, so the latest always shows. */
export function visibleLabelIndexes(count: number, room: number = INNER_WIDTH / X_LABEL_ROOM): Set<number> {
  const every = Math.max(1, Math.ceil(count / Math.max(1, Math.floor(room))));
  const shown = new Set<number>();
  for (let index = count - 1; index >= 0; index -= every) shown.add(index);
  return shown;
}

type Words = { t: TFunction<"dashboard">; format: Formatter };

function responses({ t, format }: Words, n: number): string {
  return t("chart.responses", { count: n, n: format.number(n) });
}

function describe(words: Words, title: string, points: readonly NpsTrendPoint[], plotted: readonly Plotted[]): string {
  const { t, format } = words;
  const latest = plotted[plotted.length - 1];
  const previous = plotted[plotted.length - 2];
  const first = points[0];
  const last = points[points.length - 1];
  const parts = [title];
  const latestParams = { nps: formatNps(latest.nps), period: latest.label, responses: responses(words, latest.n) };
  parts.push(
    latest.margin === null
      ? t("chart.latest", latestParams)
      : t("chart.latestWithMargin", { ...latestParams, margin: formatMarginOfError(latest.margin, format) }),
  );
  if (previous) {
    const change = Math.round(latest.nps) - Math.round(previous.nps);
    const params = { period: previous.label, change: format.number(Math.abs(change)) };
    parts.push(change === 0 ? t("chart.unchanged", params) : t(change > 0 ? "chart.up" : "chart.down", params));
  }
  parts.push(points.length === 1 ? t("chart.oneRow") : t("chart.rows", { count: points.length, first: first.label, last: last.label }));
  return format.language === "ja" ? `${parts[0]}。${parts.slice(1).join("")}` : `${parts[0]}. ${parts.slice(1).join(" ")}`;
}

/**
 * NPS over time with its 95 % interval as a band. Periods without responses are gaps, not zeros.
 * Server-rendered SVG plus a data table in <details>, so it reads without JavaScript or sight.
 */
export function NpsTrendChart({ points, title }: { points: readonly NpsTrendPoint[]; title: string }) {
  const { t } = useTranslation("dashboard");
  const format = useFormat();
  const words: Words = { t, format };
  const formatMargin = (margin: number | null) => formatMarginOfError(margin, format);
  const plotted = points.filter(hasScore);
  const latest = plotted[plotted.length - 1];

  if (!latest) return <EmptyChart className="chart-nps-trend" title={title} />;

  const domain = npsDomain(points);
  const yScale = scaleLinear<number>({ domain, range: [INNER_HEIGHT, 0] });
  const xScale = scalePoint<number>({ domain: points.map((_, index) => index), range: [0, INNER_WIDTH], padding: 0.5 });
  const y = (nps: number) => toPixel(yScale(nps));
  const xAt = (index: number) => toPixel(xScale(index) ?? 0);
  const labelIndexes = visibleLabelIndexes(points.length);
  const latestIndex = points.lastIndexOf(latest);
  const zeroY = y(0);

  return (
    <figure className="chart chart-nps-trend">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-headline">
          <strong>{formatNps(latest.nps)}</strong>
          {latest.margin === null ? null : <span className="chart-margin"> {formatMargin(latest.margin)}</span>}
          <span className="muted">
            {" "}
            · {latest.label} · {responses(words, latest.n)}
          </span>
        </span>
      </figcaption>
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={describe(words, title, points, plotted)}>
        <Group left={PLOT.left} top={PLOT.top}>
          <rect className="chart-zone positive" x={0} y={0} width={INNER_WIDTH} height={zeroY} />
          <rect className="chart-zone negative" x={0} y={zeroY} width={INNER_WIDTH} height={INNER_HEIGHT - zeroY} />
          {npsTicks(domain).map((tick) => (
            <g key={tick} className="chart-y-tick">
              {tick === 0 ? null : <line className="chart-grid" x1={0} x2={INNER_WIDTH} y1={y(tick)} y2={y(tick)} />}
              <text className="chart-tick" x={-10} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatNps(tick)}
              </text>
            </g>
          ))}
          <line className="chart-zero" x1={0} x2={INNER_WIDTH} y1={zeroY} y2={zeroY} />
          <Area<NpsTrendPoint>
            className="chart-band"
            data={[...points]}
            defined={(point) => hasScore(point) && point.margin !== null}
            x={(_, index) => xAt(index)}
            y0={(point) => y(hasScore(point) ? bandLow(point) : 0)}
            y1={(point) => y(hasScore(point) ? bandHigh(point) : 0)}
          />
          <LinePath<NpsTrendPoint>
            className="chart-line"
            data={[...points]}
            defined={hasScore}
            x={(_, index) => xAt(index)}
            y={(point) => y(point.nps ?? 0)}
            fill="none"
          />
          {points.map((point, index) =>
            hasScore(point) && point.margin !== null && isIsolated(points, index) ? (
              <line key={point.bucket} className="chart-whisker" x1={xAt(index)} x2={xAt(index)} y1={y(bandLow(point))} y2={y(bandHigh(point))} />
            ) : null,
          )}
          {points.map((point, index) =>
            hasScore(point) ? (
              <circle
                key={point.bucket}
                className={index === latestIndex ? "chart-point latest" : "chart-point"}
                cx={xAt(index)}
                cy={y(point.nps)}
                r={index === latestIndex ? 5 : 3.5}
              >
                <title>
                  {t("chart.point", {
                    period: point.label,
                    nps: formatNps(point.nps),
                    margin: formatMargin(point.margin),
                    responses: responses(words, point.n),
                  })}
                </title>
              </circle>
            ) : null,
          )}
          {points.map((point, index) =>
            labelIndexes.has(index) ? (
              <text key={point.bucket} className="chart-tick" x={xAt(index)} y={INNER_HEIGHT + 20} textAnchor="middle">
                {point.label}
              </text>
            ) : null,
          )}
        </Group>
      </svg>
      <ChartDataTable title={title}>
        <thead>
          <tr>
            <th scope="col">{t("chart.period")}</th>
            <th scope="col" className="num">
              {t("chart.nps")}
            </th>
            <th scope="col" className="num">
              {t("chart.margin")}
            </th>
            <th scope="col" className="num">
              {t("chart.responsesColumn")}
            </th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.bucket}>
              <th scope="row">
                {point.label}
                <time className="chart-period-start" dateTime={point.bucket}>
                  {t("chart.periodFrom", { day: format.language === "ja" ? format.day(point.bucket) : point.bucket })}
                </time>
              </th>
              <td className="num">{hasScore(point) ? formatNps(point.nps) : "—"}</td>
              <td className="num">{hasScore(point) ? formatMargin(point.margin) : "—"}</td>
              <td className="num">{format.number(point.n)}</td>
            </tr>
          ))}
        </tbody>
      </ChartDataTable>
    </figure>
  );
}
