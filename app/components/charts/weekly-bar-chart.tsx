import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { useTranslation } from "react-i18next";
import { useFormat } from "../use-format";
import { ChartDataTable, toPixel } from "./chart-parts";

// Laid out in these units and scaled by CSS, like the dashboard's charts: server and browser draw the same markup.
const WIDTH = 480;
const HEIGHT = 200;
const PLOT = { top: 22, right: 8, bottom: 28, left: 8 };
const INNER_WIDTH = WIDTH - PLOT.left - PLOT.right;
const INNER_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;

export type WeeklyValue = {
  weekStart: number;
  /** null: nothing to measure that week (drawn as a gap, listed as "—"). */
  value: number | null;
  /** What the value is made of, for the data table ("12 / 20"). */
  detail?: string;
};

/**
 * One measure by week as bars, with the latest (last full) week in the head, a sentence for screen readers
 * and the numbers in a data table folded under it (readable without JavaScript or sight).
 */
export function WeeklyBarChart({
  title,
  help,
  weeks,
  formatValue,
  detailLabel,
}: {
  title: string;
  help?: string;
  weeks: readonly WeeklyValue[];
  formatValue: (value: number) => string;
  detailLabel?: string;
}) {
  const { t } = useTranslation("communityConsole");
  const format = useFormat();
  const weekLabel = (weekStart: number) => format.dateShort(weekStart);
  const measured = weeks.filter((week): week is WeeklyValue & { value: number } => week.value !== null);
  const latest = weeks[weeks.length - 1];
  const headline = latest && latest.value !== null ? formatValue(latest.value) : t("stats.noData");

  const xScale = scaleBand<number>({ domain: weeks.map((week) => week.weekStart), range: [0, INNER_WIDTH], paddingInner: 0.25, paddingOuter: 0.1 });
  const max = Math.max(0, ...measured.map((week) => week.value));
  const yScale = scaleLinear<number>({ domain: [0, max > 0 ? max : 1], range: [INNER_HEIGHT, 0] });
  const barWidth = toPixel(xScale.bandwidth());
  const label = t("stats.chartLabel", {
    title,
    first: weeks.length ? weekLabel(weeks[0].weekStart) : "",
    last: latest ? weekLabel(latest.weekStart) : "",
    latest: headline,
    values: weeks
      .map((week) => `${weekLabel(week.weekStart)} ${week.value === null ? t("stats.noData") : formatValue(week.value)}`)
      .join(format.language === "ja" ? "、" : ", "),
  });

  return (
    <figure className="chart chart-weekly">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-headline">
          <strong>{headline}</strong> {t("stats.lastWeek")}
        </span>
      </figcaption>
      {help ? <p className="muted small chart-help">{help}</p> : null}
      {measured.length === 0 ? (
        <p className="chart-empty">{t("stats.chartEmpty")}</p>
      ) : (
        <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
          <Group left={PLOT.left} top={PLOT.top}>
            {weeks.map((week, i) => {
              const left = toPixel(xScale(week.weekStart) ?? 0);
              const center = toPixel(left + barWidth / 2);
              const top = week.value === null ? INNER_HEIGHT : toPixel(yScale(week.value));
              const text = week.value === null ? t("stats.noData") : formatValue(week.value);
              // Every other week's label keeps twelve weeks readable on a phone; the table lists them all.
              const showTick = i % 2 === (weeks.length - 1) % 2;
              return (
                <g key={week.weekStart} className="chart-bar-group">
                  <Bar
                    className={i === weeks.length - 1 ? "chart-bar weekly latest" : "chart-bar weekly"}
                    x={left}
                    y={top}
                    width={barWidth}
                    height={toPixel(INNER_HEIGHT - top)}
                  >
                    <title>{`${weekLabel(week.weekStart)}: ${text}`}</title>
                  </Bar>
                  <text className={week.value === null ? "chart-bar-count none" : "chart-bar-count"} x={center} y={top - 5} textAnchor="middle">
                    {text}
                  </text>
                  {showTick ? (
                    <text className="chart-tick" x={center} y={INNER_HEIGHT + 17} textAnchor="middle">
                      {weekLabel(week.weekStart)}
                    </text>
                  ) : null}
                </g>
              );
            })}
            <line className="chart-baseline" x1={0} x2={INNER_WIDTH} y1={INNER_HEIGHT} y2={INNER_HEIGHT} />
          </Group>
        </svg>
      )}
      <ChartDataTable title={title}>
        <thead>
          <tr>
            <th scope="col">{t("stats.week")}</th>
            <th scope="col" className="num">
              {title}
            </th>
            {detailLabel ? (
              <th scope="col" className="num">
                {detailLabel}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.weekStart}>
              <th scope="row">{format.date(week.weekStart)}</th>
              <td className="num">{week.value === null ? t("stats.noData") : formatValue(week.value)}</td>
              {detailLabel ? <td className="num">{week.detail ?? ""}</td> : null}
            </tr>
          ))}
        </tbody>
      </ChartDataTable>
    </figure>
  );
}
