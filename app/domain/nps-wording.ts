import type { Language } from "../locales";
import type { Formatter } from "./format";

/** "+32", "−5", "0": NPS is read as a signed number; a true minus sign reads well and aloud. */
export function formatNps(value: number): string {
  const rounded = Math.round(value);
  if (rounded > 0) return `+${rounded}`;
  if (rounded < 0) return `\u2212${Math.abs(rounded)}`;
  return "0";
}

/** A margin of error in the reader's numbers: "±12", and "±0.2" below one point (never "±0" for a margin that exists). */
export function formatMarginOfError(margin: number | null, format: Pick<Formatter, "margin">): string {
  return margin === null ? "—" : `±${format.margin(margin)}`;
}

/** An NPS with its margin: "−18 ±0.2", "+32 ±12", or "—" when there is none. */
export function formatNpsWithMargin(summary: { nps: number | null; margin: number | null }, format: Pick<Formatter, "margin">): string {
  if (summary.nps === null) return "—";
  return summary.margin === null ? formatNps(summary.nps) : `${formatNps(summary.nps)} ${formatMarginOfError(summary.margin, format)}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A trend bucket (its first day, YYYY-MM-DD) as its x label: a month is "Mar 2026" / "2026年3月",
 * a week by its first day "Mar 9" / "3/9".
 */
export function bucketLabel(bucket: string, granularity: "week" | "month", language: Language = "en"): string {
  const [year, month, day] = bucket.split("-").map(Number);
  if (language === "ja") return granularity === "month" ? `${year}年${month}月` : `${month}/${day}`;
  return granularity === "month" ? `${MONTHS[month - 1]} ${year}` : `${MONTHS[month - 1]} ${day}`;
}

/** A change of NPS between two periods, signed, to a tenth: "+4.2", "−3", "±0". */
export function formatNpsChange(delta: number, format: Pick<Formatter, "number">): string {
  const sign = delta > 0 ? "+" : delta < 0 ? "\u2212" : "±";
  return `${sign}${format.number(Math.abs(delta), 1)}`;
}
