import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { useTranslation } from "react-i18next";
import type { CohortTtv } from "../../domain/onboarding-metrics";
import { useFormat } from "../use-format";
import { toPixel } from "./chart-parts";

// Laid out in these units and scaled by CSS, like the other console charts: server and browser draw the same markup.
const WIDTH = 640;
const HEIGHT = 220;
const PLOT = { top: 22, right: 8, bottom: 28, left: 8 };
const INNER_WIDTH = WIDTH - PLOT.left - PLOT.right;
const INNER_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;

/**
 * TTV per start-month cohort: a bar to the median, a tick at the p75, and the guide's target as a
 * dashed line. The numbers are in the table beside it (the page's cohort table), so the SVG is one
 * image with a sentence for screen readers.
 */
export function TtvCohortChart({ cohorts, targetDays }: { cohorts: readonly CohortTtv[]; targetDays: number | null }) {
  const { t } = useTranslation("onboardingConsole");
  const format = useFormat();
  const measured = cohorts.filter((cohort) => cohort.medianDays !== null);
  if (measured.length === 0) return <p className="chart-empty">{t("overview.ttvEmpty")}</p>;
  const max = Math.max(1, targetDays ?? 0, ...cohorts.map((cohort) => cohort.p75Days ?? cohort.medianDays ?? 0));
  const xScale = scaleBand<string>({ domain: cohorts.map((cohort) => cohort.cohort), range: [0, INNER_WIDTH], paddingInner: 0.25, paddingOuter: 0.1 });
  const yScale = scaleLinear<number>({ domain: [0, max], range: [INNER_HEIGHT, 0] });
  const barWidth = toPixel(xScale.bandwidth());
  const label = t("overview.ttvChartLabel", {
    values: cohorts
      .map((cohort) => `${cohort.cohort} ${cohort.medianDays === null ? "—" : format.number(cohort.medianDays, 1)}`)
      .join(format.language === "ja" ? "、" : ", "),
  });
  return (
    <figure className="chart chart-ttv">
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <Group left={PLOT.left} top={PLOT.top}>
          {cohorts.map((cohort, i) => {
            const left = toPixel(xScale(cohort.cohort) ?? 0);
            const center = toPixel(left + barWidth / 2);
            const top = cohort.medianDays === null ? INNER_HEIGHT : toPixel(yScale(cohort.medianDays));
            const showTick = cohorts.length <= 12 || i % 2 === (cohorts.length - 1) % 2;
            return (
              <g key={cohort.cohort} className="chart-bar-group">
                <Bar className="chart-bar weekly" x={left} y={top} width={barWidth} height={toPixel(INNER_HEIGHT - top)}>
                  <title>{`${cohort.cohort}: ${cohort.medianDays === null ? "—" : format.number(cohort.medianDays, 1)}`}</title>
                </Bar>
                {cohort.p75Days !== null ? (
                  <line
                    className="chart-p75"
                    x1={left}
                    x2={toPixel(left + barWidth)}
                    y1={toPixel(yScale(cohort.p75Days))}
                    y2={toPixel(yScale(cohort.p75Days))}
                  />
                ) : null}
                <text className="chart-bar-count" x={center} y={top - 5} textAnchor="middle">
                  {cohort.medianDays === null ? "—" : format.number(cohort.medianDays, 1)}
                </text>
                {showTick ? (
                  <text className="chart-tick" x={center} y={INNER_HEIGHT + 17} textAnchor="middle">
                    {cohort.cohort.slice(2)}
                  </text>
                ) : null}
              </g>
            );
          })}
          {targetDays !== null ? (
            <line className="chart-target" x1={0} x2={INNER_WIDTH} y1={toPixel(yScale(targetDays))} y2={toPixel(yScale(targetDays))} strokeDasharray="4 4" />
          ) : null}
          <line className="chart-baseline" x1={0} x2={INNER_WIDTH} y1={INNER_HEIGHT} y2={INNER_HEIGHT} />
        </Group>
      </svg>
      <figcaption className="muted small">{t("overview.ttvLegend")}</figcaption>
    </figure>
  );
}
