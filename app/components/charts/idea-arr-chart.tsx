import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { useTranslation } from "react-i18next";
import { useFormat } from "../use-format";
import { ChartDataTable, EmptyChart, toPixel } from "./chart-parts";

// Laid out in these units and scaled by CSS, like the dashboard's charts: server and browser draw the same markup.
const WIDTH = 640;
const ROW = 38;
const PLOT = { top: 4, right: 8, bottom: 4, left: 8 };
const INNER_WIDTH = WIDTH - PLOT.left - PLOT.right;
const BAR_HEIGHT = 14;
// The amount is written after the bar; the longest bar leaves it this much room.
const VALUE_ROOM = 120;
const TITLE_CHARS = 80;

export type IdeaArrBar = { id: number; title: string; arrMinor: number };

const shortTitle = (title: string) => (title.length > TITLE_CHARS ? `${title.slice(0, TITLE_CHARS - 1)}…` : title);

/**
 * ARR asking per idea as horizontal bars, most first: each idea's title above its bar and the
 * amount after it, a sentence for screen readers and the numbers in a data table folded under it.
 */
export function IdeaArrChart({ title, ideas, currency }: { title: string; ideas: readonly IdeaArrBar[]; currency: string }) {
  const { t } = useTranslation("voice");
  const format = useFormat();
  if (ideas.length === 0) return <EmptyChart className="chart-idea-arr" title={title} />;
  const money = (minor: number) => format.money(minor, currency);
  const max = Math.max(0, ...ideas.map((idea) => idea.arrMinor));
  const xScale = scaleLinear<number>({ domain: [0, max > 0 ? max : 1], range: [0, INNER_WIDTH - VALUE_ROOM] });
  const height = PLOT.top + PLOT.bottom + ROW * ideas.length;
  const label = t("chartLabel", {
    count: ideas.length,
    values: ideas.map((idea) => `${idea.title} ${money(idea.arrMinor)}`).join(format.language === "ja" ? "、" : "; "),
  });
  return (
    <figure className="chart chart-idea-arr">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
      </figcaption>
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={label}>
        <Group left={PLOT.left} top={PLOT.top}>
          {ideas.map((idea, i) => {
            const top = i * ROW;
            const width = Math.max(idea.arrMinor > 0 ? 2 : 0, toPixel(xScale(idea.arrMinor)));
            return (
              <g key={idea.id} className="chart-bar-group">
                <text className="chart-tick chart-idea-title" x={0} y={top + 13}>
                  {shortTitle(idea.title)}
                </text>
                <Bar className="chart-bar idea-arr" x={0} y={top + 18} width={width} height={BAR_HEIGHT}>
                  <title>{`${idea.title}: ${money(idea.arrMinor)}`}</title>
                </Bar>
                <text className="chart-bar-count" x={width + 6} y={top + 18 + BAR_HEIGHT - 2}>
                  {money(idea.arrMinor)}
                </text>
              </g>
            );
          })}
        </Group>
      </svg>
      <ChartDataTable title={title}>
        <thead>
          <tr>
            <th scope="col">{t("chartIdea")}</th>
            <th scope="col" className="num">
              {t("top.arr")}
            </th>
          </tr>
        </thead>
        <tbody>
          {ideas.map((idea) => (
            <tr key={idea.id}>
              <th scope="row">{idea.title}</th>
              <td className="num">{money(idea.arrMinor)}</td>
            </tr>
          ))}
        </tbody>
      </ChartDataTable>
    </figure>
  );
}
