import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, BarRounded } from "@visx/shape";
import { useTranslation } from "react-i18next";
import { categoryFor, SCORES, type Category } from "../../domain/nps";
import { useFormat } from "../use-format";
import { ChartDataTable, EmptyChart, toPixel } from "./chart-parts";

// The SVG is laid out in these units and scaled by CSS (`width: 100%`): no measuring, so the
// server and the browser render the same markup.
const WIDTH = 480;
const HEIGHT = 240;
const PLOT = { top: 34, right: 8, bottom: 50, left: 8 };
const INNER_WIDTH = WIDTH - PLOT.left - PLOT.right;
const INNER_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;
// BarRounded keeps a radius of at least 1, which draws blobs on an empty or one-response bar.
const MIN_ROUNDED_HEIGHT = 4;

const CATEGORY_ORDER: readonly Category[] = ["promoter", "passive", "detractor"];

/** A share as people read it: whole percent, but never "0%" for a score someone gave. */
export function formatShare(count: number, total: number): string {
  if (total === 0 || count === 0) return "0%";
  const percent = (count / total) * 100;
  return percent < 1 ? "<1%" : `${Math.round(percent)}%`;
}

function scoreRange(scores: readonly number[]): string {
  const first = scores[0];
  const last = scores[scores.length - 1];
  return first === last ? `${first}` : `${first}–${last}`;
}

/**
 * How many responses gave each score 0–10, bars coloured by category under the team's
 * thresholds. Server-rendered SVG plus a data table in <details>, readable without JavaScript.
 */
export function ScoreHistogram({
  counts,
  promoterMin,
  detractorMax,
  title,
}: {
  counts: readonly number[];
  promoterMin: number;
  detractorMax: number;
  title: string;
}) {
  const { t } = useTranslation(["dashboard", "console"]);
  const format = useFormat();
  const categoriesLabel = (category: Category) => t(`console:terms.categories.${category}`);
  const responses = (n: number) => t("dashboard:chart.responses", { count: n, n: format.number(n) });
  const thresholds = { promoterMin, detractorMax };
  const bars = SCORES.map((score) => ({ score, count: counts[score] ?? 0, category: categoryFor(score, thresholds) }));
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);

  if (total === 0) return <EmptyChart className="chart-score-histogram" title={title} />;

  const groups = CATEGORY_ORDER.map((category) => {
    const inCategory = bars.filter((bar) => bar.category === category);
    const count = inCategory.reduce((sum, bar) => sum + bar.count, 0);
    return { category, scores: inCategory.map((bar) => bar.score), count, share: formatShare(count, total) };
  }).filter((group) => group.scores.length > 0);
  const mostGiven = bars.reduce((best, bar) => (bar.count > best.count ? bar : best));

  const xScale = scaleBand<number>({ domain: [...SCORES], range: [0, INNER_WIDTH], paddingInner: 0.22, paddingOuter: 0.1 });
  const yScale = scaleLinear<number>({ domain: [0, Math.max(...bars.map((bar) => bar.count))], range: [INNER_HEIGHT, 0] });
  const x = (score: number) => toPixel(xScale(score) ?? 0);
  const y = (count: number) => toPixel(yScale(count));
  const barWidth = toPixel(xScale.bandwidth());
  const english = format.language === "en";
  const label = [
    t("dashboard:chart.histogramTotal", { title, responses: responses(total) }),
    groups
      .map((group) =>
        t("dashboard:chart.histogramGroup", {
          share: group.share,
          category: english ? categoriesLabel(group.category).toLowerCase() : categoriesLabel(group.category),
          scores: scoreRange(group.scores),
        }),
      )
      .join(t("dashboard:chart.listSeparator")) + (english ? "." : "。"),
    t("dashboard:chart.mostGiven", { score: mostGiven.score }),
  ].join(english ? " " : "");

  return (
    <figure className="chart chart-score-histogram">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-legend">
          {groups.map((group) => (
            <span key={group.category} className={`chart-legend-item ${group.category}`}>
              <span className="chart-swatch" aria-hidden="true" />
              {categoriesLabel(group.category)} <strong>{group.share}</strong>
            </span>
          ))}
        </span>
      </figcaption>
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <Group left={PLOT.left} top={PLOT.top}>
          {bars.map((bar) => {
            const left = x(bar.score);
            const top = y(bar.count);
            const height = toPixel(INNER_HEIGHT - top);
            const center = toPixel(left + barWidth / 2);
            const tooltip = t("dashboard:chart.scoreTooltip", { score: bar.score, n: format.number(bar.count), share: formatShare(bar.count, total) });
            return (
              <g key={bar.score} className="chart-bar-group">
                {height >= MIN_ROUNDED_HEIGHT ? (
                  <BarRounded x={left} y={top} width={barWidth} height={height} radius={4} top>
                    {({ path }) => (
                      <path className={`chart-bar ${bar.category}`} d={path}>
                        <title>{tooltip}</title>
                      </path>
                    )}
                  </BarRounded>
                ) : (
                  <Bar className={`chart-bar ${bar.category}`} x={left} y={top} width={barWidth} height={height}>
                    <title>{tooltip}</title>
                  </Bar>
                )}
                <text
                  className={bar.count === 0 ? "chart-bar-count none" : "chart-bar-count"}
                  x={center}
                  y={bar.count === 0 ? top - 5 : top - 17}
                  textAnchor="middle"
                >
                  {format.number(bar.count)}
                </text>
                {bar.count === 0 ? null : (
                  <text className="chart-bar-share" x={center} y={top - 5} textAnchor="middle">
                    {formatShare(bar.count, total)}
                  </text>
                )}
                <text className="chart-tick chart-score" x={center} y={INNER_HEIGHT + 18} textAnchor="middle">
                  {bar.score}
                </text>
              </g>
            );
          })}
          <line className="chart-baseline" x1={0} x2={INNER_WIDTH} y1={INNER_HEIGHT} y2={INNER_HEIGHT} />
          {groups.map((group) => {
            const start = x(group.scores[0]);
            const end = x(group.scores[group.scores.length - 1]) + barWidth;
            return (
              <g key={group.category} className={`chart-category ${group.category}`}>
                <line className="chart-category-rule" x1={start} x2={end} y1={INNER_HEIGHT + 30} y2={INNER_HEIGHT + 30} />
                <text className="chart-category-label" x={(start + end) / 2} y={INNER_HEIGHT + 45} textAnchor="middle">
                  {categoriesLabel(group.category)}
                </text>
              </g>
            );
          })}
        </Group>
      </svg>
      <ChartDataTable title={title}>
        <thead>
          <tr>
            <th scope="col">{t("dashboard:chart.score")}</th>
            <th scope="col">{t("dashboard:chart.category")}</th>
            <th scope="col" className="num">
              {t("dashboard:chart.responsesColumn")}
            </th>
            <th scope="col" className="num">
              {t("dashboard:chart.share")}
            </th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.score}>
              <th scope="row">{bar.score}</th>
              <td>{t(`console:terms.category.${bar.category}`)}</td>
              <td className="num">{format.number(bar.count)}</td>
              <td className="num">{formatShare(bar.count, total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t("dashboard:chart.allScores")}
            </th>
            <td className="num">{format.number(total)}</td>
            <td className="num">100%</td>
          </tr>
        </tfoot>
      </ChartDataTable>
    </figure>
  );
}
