import i18next from "i18next";
import type { ReactElement } from "react";
import { renderToString as renderBare } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import { i18nConfig } from "../../i18n";
import type { Language } from "../../locales";
import { formatNps, npsDomain, npsTicks, NpsTrendChart, visibleLabelIndexes, type NpsTrendPoint } from "./nps-trend-chart";
import { formatShare, ScoreHistogram } from "./score-histogram";

const instances = await Promise.all(
  (["en", "ja"] as const).map(async (lng) => {
    const instance = i18next.createInstance();
    await instance.use(initReactI18next).init({ ...i18nConfig, lng, ns: [...i18nConfig.ns] });
    return [lng, instance] as const;
  }),
);
const i18n = Object.fromEntries(instances) as Record<Language, typeof i18next>;

function renderToString(element: ReactElement, language: Language = "en"): string {
  return renderBare(<I18nextProvider i18n={i18n[language]}>{element}</I18nextProvider>);
}

function month(label: string, bucket: string, nps: number | null, margin: number | null, n: number): NpsTrendPoint {
  return { bucket, label, nps, margin, n };
}

const QUARTER = [
  month("Jan 2026", "2026-01-01", 12, 15, 40),
  month("Feb 2026", "2026-02-01", null, null, 0),
  month("Mar 2026", "2026-03-01", 20, 12, 64),
  month("Apr 2026", "2026-04-01", 31, 10, 88),
];

function count(html: string, pattern: RegExp): number {
  return html.match(new RegExp(pattern.source, "g"))?.length ?? 0;
}

function pathData(html: string, className: string): string {
  const match = html.match(new RegExp(`<path[^>]*class="[^"]*${className}[^"]*"[^>]*>`));
  return match?.[0].match(/ d="([^"]*)"/)?.[1] ?? "";
}

function tableOf(html: string): string {
  return html.slice(html.indexOf("<table"), html.indexOf("</table>"));
}

describe("NpsTrendChart", () => {
  const html = renderToString(<NpsTrendChart points={QUARTER} title="NPS by month" />);

  it("renders the SVG on the server, one point per period with responses", () => {
    expect(html).toContain("<svg");
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 \d+ \d+"/);
    expect(count(html, /<circle[^>]*class="chart-point/)).toBe(3);
  });

  it("draws the 95 % band and leaves a period without responses as a gap", () => {
    const band = pathData(html, "chart-band");
    const line = pathData(html, "chart-line");
    expect(band).not.toBe("");
    // Two runs (Jan, then Mar–Apr): the line and band restart after February instead of crossing it.
    expect(count(line, /M/)).toBe(2);
    expect(count(band, /M/)).toBe(2);
  });

  it("summarises the latest value for screen readers", () => {
    expect(html).toMatch(/<svg[^>]*role="img"/);
    const label = html.match(/aria-label="([^"]*)"/)?.[1] ?? "";
    expect(label).toContain("Latest NPS +31");
    expect(label).toContain("Apr 2026 from 88 responses");
    expect(label).toContain("Up 11 from Mar 2026");
  });

  it("lists every period's numbers in a table inside <details>", () => {
    expect(html).toMatch(/<details[^>]*>[\s\S]*<table>[\s\S]*<\/table>[\s\S]*<\/details>/);
    const table = tableOf(html);
    for (const text of ["Jan 2026", "2026-01-01", "+12", "±15", ">40<", "+20", "±12", ">64<", "+31", "±10", ">88<"]) expect(table).toContain(text);
    expect(count(table, /<tr>/)).toBe(QUARTER.length + 1);
    expect(table).toMatch(/Feb 2026[\s\S]*?—[\s\S]*?—[\s\S]*?>0</);
  });

  it("shows a whisker for a point with no neighbour to draw a band to", () => {
    const lone = renderToString(<NpsTrendChart points={[month("Mar 2026", "2026-03-01", -12, 22, 9)]} title="NPS" />);
    expect(count(lone, /class="chart-whisker"/)).toBe(1);
    expect(count(lone, /class="chart-point/)).toBe(1);
    // January sits between the start and February's gap: its interval is a whisker too.
    expect(count(html, /class="chart-whisker"/)).toBe(1);
  });

  it("says there were no responses instead of drawing an empty chart", () => {
    for (const points of [[], [month("Mar 2026", "2026-03-01", null, null, 0)]]) {
      const empty = renderToString(<NpsTrendChart points={points} title="NPS by month" />);
      expect(empty).toContain("No responses in this period");
      expect(empty).toContain("NPS by month");
      expect(empty).not.toContain("<svg");
    }
  });
});

describe("NPS chart scales", () => {
  it("fits the band and zero on a tight domain with gridlines every 25", () => {
    expect(npsDomain(QUARTER)).toEqual([-25, 50]);
    expect(npsTicks([-25, 50])).toEqual([-25, 0, 25, 50]);
  });

  it("uses the full scale in steps of 50 when the band is wide, clamped to ±100", () => {
    const wide = [month("W1", "2026-01-05", -60, 70, 3), month("W2", "2026-01-12", 80, 40, 4)];
    expect(npsDomain(wide)).toEqual([-100, 100]);
    expect(npsTicks([-100, 100])).toEqual([-100, -50, 0, 50, 100]);
  });

  it("keeps the domain at least 50 wide", () => {
    expect(npsDomain([month("Mar 2026", "2026-03-01", 4, 2, 500)])).toEqual([0, 50]);
    expect(npsDomain([month("Mar 2026", "2026-03-01", 100, 0, 5)])).toEqual([0, 100]);
  });

  it("thins x labels from the latest backwards", () => {
    expect([...visibleLabelIndexes(4, 7)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    const thinned = visibleLabelIndexes(26, 7);
    expect(thinned.has(25)).toBe(true);
    expect(thinned.size).toBeLessThanOrEqual(7);
  });

  it("signs NPS values with a true minus", () => {
    expect(formatNps(31.6)).toBe("+32");
    expect(formatNps(-5)).toBe("\u22125");
    expect(formatNps(0)).toBe("0");
  });
});

describe("ScoreHistogram", () => {
  const counts = [1, 0, 2, 0, 3, 4, 5, 10, 20, 30, 25];
  const html = renderToString(<ScoreHistogram counts={counts} promoterMin={9} detractorMax={6} title="Score distribution" />);

  it("renders eleven bars coloured by category on the server", () => {
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(count(html, /<(path|rect)[^>]*class="[^"]*\bchart-bar /)).toBe(11);
    expect(count(html, /\bchart-bar detractor"/)).toBe(7);
    expect(count(html, /\bchart-bar passive"/)).toBe(2);
    expect(count(html, /\bchart-bar promoter"/)).toBe(2);
  });

  it("follows the team's thresholds", () => {
    const japan = renderToString(<ScoreHistogram counts={counts} promoterMin={8} detractorMax={5} title="Japan" />);
    expect(count(japan, /\bchart-bar detractor"/)).toBe(6);
    expect(count(japan, /\bchart-bar passive"/)).toBe(2);
    expect(count(japan, /\bchart-bar promoter"/)).toBe(3);
  });

  it("prints each bar's count and share above it", () => {
    expect(html).toMatch(/class="chart-bar-count"[^>]*>30</);
    expect(html).toMatch(/class="chart-bar-share"[^>]*>30%</);
    expect(count(html, /class="chart-score"/)).toBe(0);
    expect(count(html, /class="chart-tick chart-score"/)).toBe(11);
  });

  it("summarises the categories for screen readers", () => {
    const label = html.match(/aria-label="([^"]*)"/)?.[1] ?? "";
    expect(label).toContain("100 responses");
    expect(label).toContain("55% promoters (scores 9–10)");
    expect(label).toContain("30% passives (scores 7–8)");
    expect(label).toContain("15% detractors (scores 0–6)");
    expect(label).toContain("Most given score: 9");
  });

  it("lists every score's count and share in a table inside <details>", () => {
    const table = tableOf(html);
    expect(count(table, /<tr>/)).toBe(1 + 11 + 1);
    expect(table).toMatch(/>9<\/th><td>Promoter<\/td><td class="num">30<\/td><td class="num">30%</);
    expect(table).toMatch(/>1<\/th><td>Detractor<\/td><td class="num">0<\/td><td class="num">0%</);
    expect(table).toMatch(/All scores[\s\S]*>100</);
  });

  it("says there were no responses instead of drawing empty bars", () => {
    const empty = renderToString(<ScoreHistogram counts={Array(11).fill(0)} promoterMin={9} detractorMax={6} title="Score distribution" />);
    expect(empty).toContain("No responses in this period");
    expect(empty).not.toContain("<svg");
    expect(empty).not.toContain("<table");
  });

  it("rounds shares without hiding a score someone gave", () => {
    expect(formatShare(1, 300)).toBe("<1%");
    expect(formatShare(0, 300)).toBe("0%");
    expect(formatShare(1, 3)).toBe("33%");
  });
});

describe("the charts in Japanese", () => {
  const points = [month("2026年3月", "2026-03-01", -18.4, 0.2, 562_563), month("2026年4月", "2026-04-01", -17, 0.3, 1_204)];
  const trend = renderToString(<NpsTrendChart points={points} title="月別 NPS" />, "ja");
  const histogram = renderToString(
    <ScoreHistogram counts={[1, 0, 2, 0, 3, 4, 5, 10, 20, 30, 25]} promoterMin={9} detractorMax={6} title="スコア別の回答数" />,
    "ja",
  );

  it("words the trend's headline, summary, tooltips and table in Japanese, with a margin below one point to a tenth", () => {
    expect(trend).toContain("回答 1,204 件");
    expect(trend).toContain("±0.3");
    expect(trend).not.toMatch(/±0(?![.\d])/);
    const label = trend.match(/aria-label="([^"]*)"/)?.[1] ?? "";
    expect(label).toContain("最新の NPS は −17、95% 信頼区間の誤差 ±0.3（2026年4月、回答 1,204 件）");
    expect(label).toContain("2026年3月から 1 ポイント上昇");
    expect(tableOf(trend)).toContain(">562,563<");
    expect(trend).toContain("2026年3月1日から");
    expect(trend).toContain("データ表");
  });

  it("names the categories with the glossary's words and leaves no English behind", () => {
    for (const word of ["推奨者", "中立者", "批判者", "スコア", "区分", "割合", "全スコア"]) expect(histogram).toContain(word);
    for (const html of [trend, histogram]) {
      const text = html.replace(/<[^>]*>/g, " ").replace(/&[a-z]+;/g, " ");
      const aria = [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]).join(" ");
      expect(`${text} ${aria}`).not.toMatch(/\b(?!NPS\b)[A-Za-z]{2,}\b/);
    }
  });

  it("says there is nothing to draw in Japanese", () => {
    expect(renderToString(<NpsTrendChart points={[]} title="月別 NPS" />, "ja")).toContain("この期間の回答はありません");
  });
});
