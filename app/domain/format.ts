import type { Language } from "../locales";
import { minorDigits } from "./segments";

/**
 * How the console writes numbers, money, dates and times for its reader: in their language's
 * conventions (2026年12月7日, 12/7, (月), ¥1,234,000 and 1,234万円 in Japanese) and on the
 * team's clock (24 h in the team's time zone, the same on the server and in the browser, so a
 * page never shifts as it hydrates). Intl formatters are built once per kind and reused: building
 * one costs tens of microseconds and a list page formats hundreds of values.
 */
export type Formatter = ReturnType<typeof createFormatter>;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateTimeFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let formatter = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) cache.set(key, (formatter = make()));
  return formatter;
}

function numberFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let formatter = cache.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) cache.set(key, (formatter = make()));
  return formatter;
}

const LOCALE: Record<Language, string> = { en: "en-US", ja: "ja-JP" };
const MAN = 10_000;
const OKU = 100_000_000;

/** Intl writes the yen sign full-width in Japanese (￥); Japanese business documents use ¥. */
const halfWidthYen = (text: string) => text.replace(/￥/g, "¥");

type Moment = Date | string | number;
const toDate = (value: Moment) => (value instanceof Date ? value : new Date(value));

export function createFormatter(language: Language, timeZone = "UTC") {
  const locale = LOCALE[language];
  const parts = (kind: string, options: Intl.DateTimeFormatOptions) =>
    dateTimeFormat(`${kind}|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, ...options }));
  const pick = (formatter: Intl.DateTimeFormat, value: Moment) => {
    const out: Record<string, string> = {};
    for (const part of formatter.formatToParts(toDate(value))) out[part.type] = part.value;
    return out;
  };
  const ymdw = () => parts("ymdw", { year: "numeric", month: "numeric", day: "numeric", weekday: "short" });
  const hm = () => parts("hm", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const enDate = () => parts("en-date", { year: "numeric", month: "short", day: "numeric" });

  const format = {
    language,
    timeZone,
    /** 1,234,567 */
    number(value: number, maximumFractionDigits = 0): string {
      return numberFormat(`n|${locale}|${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits })).format(value);
    },
    /** 42 % of a whole: "42%" (one decimal below 10 %). */
    percent(share: number): string {
      const digits = Math.abs(share) < 0.1 && share !== 0 ? 1 : 0;
      return numberFormat(`p|${locale}|${digits}`, () => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits })).format(share);
    },
    /** A margin of error: whole points, one decimal when it is below one point (±0.2, not ±0). */
    margin(value: number): string {
      return format.number(value, Math.abs(value) < 1 ? 1 : 0);
    },
    /** A date: "2026年12月7日" / "Dec 7, 2026". */
    date(value: Moment): string {
      if (language === "ja") {
        const p = pick(ymdw(), value);
        return `${p.year}年${p.month}月${p.day}日`;
      }
      return enDate().format(toDate(value));
    },
    /** A date with its weekday: "2026年12月7日(月)" / "Mon, Dec 7, 2026". */
    dateWithWeekday(value: Moment): string {
      const p = pick(ymdw(), value);
      if (language === "ja") return `${p.year}年${p.month}月${p.day}日(${p.weekday})`;
      return `${p.weekday}, ${enDate().format(toDate(value))}`;
    },
    /** A date in a dense table: "12/7" / "Dec 7" (the year only when it is not this year's). */
    dateShort(value: Moment, now: Moment = Date.now()): string {
      const p = pick(ymdw(), value);
      const thisYear = pick(ymdw(), now).year === p.year;
      if (language === "ja") return thisYear ? `${p.month}/${p.day}` : `${p.year}/${p.month}/${p.day}`;
      const d = pick(enDate(), value);
      return thisYear ? `${d.month} ${d.day}` : `${d.month} ${d.day}, ${d.year}`;
    },
    /** 24-hour clock time: "14:05". */
    time(value: Moment): string {
      return hm().format(toDate(value));
    },
    /** A moment: "2026年12月7日(月) 14:05" / "Mon, Dec 7, 2026, 14:05". */
    dateTime(value: Moment): string {
      return language === "ja" ? `${format.dateWithWeekday(value)} ${format.time(value)}` : `${format.dateWithWeekday(value)}, ${format.time(value)}`;
    },
    /** A calendar day kept as `YYYY-MM-DD` (no time zone to apply): "2026年12月7日" / "Dec 7, 2026". */
    day(day: string): string {
      return createFormatter(language, "UTC").date(`${day}T00:00:00Z`);
    },
    /** Minor units of a currency: "¥1,234,000", "$1,234". */
    money(amount: number, currency: string): string {
      const formatter = numberFormat(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0 }));
      return halfWidthYen(formatter.format(amount / 10 ** minorDigits(currency)));
    },
    /**
     * A sum in a summary, where the reader wants its size: yen in Japanese as 1,234万円 or
     * 12.3億円 (how Japanese reports write large sums); otherwise as `money`.
     */
    moneySummary(amount: number, currency: string): string {
      const major = amount / 10 ** minorDigits(currency);
      if (language !== "ja" || currency !== "JPY" || Math.abs(major) < MAN) return format.money(amount, currency);
      if (Math.abs(major) >= OKU) return `${format.number(major / OKU, Math.abs(major) < 100 * OKU ? 1 : 0)}億円`;
      return `${format.number(Math.round(major / MAN))}万円`;
    },
  };
  return format;
}
