import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/*
 * What every console chart shares: SVG coordinates rounded for short markup, one look for
 * "nothing to draw", and the data table that makes the chart readable without JavaScript or sight.
 */

// Two decimals are finer than any screen and keep the markup short.
export function toPixel(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The chart's frame with its title and a line saying there is nothing to draw. */
export function EmptyChart({ className, title }: { className: string; title: string }) {
  const { t } = useTranslation("dashboard");
  return (
    <figure className={`chart ${className}`}>
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
      </figcaption>
      <p className="chart-empty">{t("chart.empty")}</p>
    </figure>
  );
}

/** The chart's numbers as a table folded under it; `children` are its thead, tbody and tfoot. */
export function ChartDataTable({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation("dashboard");
  return (
    <details className="chart-data">
      <summary>{t("chart.dataTable")}</summary>
      <div className="table-wrap flat">
        <table>
          <caption className="visually-hidden">{title}</caption>
          {children}
        </table>
      </div>
    </details>
  );
}
