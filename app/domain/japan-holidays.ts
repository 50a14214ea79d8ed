import holidayJp from "@holiday-jp/holiday_jp";

/*
 * Japan's public holidays (国民の祝日, substitute holidays and the "citizens' holidays" between two
 * of them), from the maintained holiday_jp data set rather than a list the team keeps by hand.
 * Server-only in practice: the data is a few hundred kilobytes, so browser code never imports it.
 */

/** The zone whose teams get Japan's public holidays unless they turn them off. */
export const JAPAN_ZONE = "Asia/Tokyo";

/** Whether a team counts Japan's public holidays as days off: its choice, else yes for a team on Tokyo time. */
export function countsJapanHolidays(loop: { timeZone: string; japanHolidays?: boolean }): boolean {
  return loop.japanHolidays ?? loop.timeZone === JAPAN_ZONE;
}

const byYears = new Map<string, readonly string[]>();

/** Japan's public holidays (`YYYY-MM-DD`) from `fromYear` to `toYear`, both included, in date order. */
export function japanPublicHolidays(fromYear: number, toYear: number): readonly string[] {
  // Kept per span: bulk assignment opens hundreds of cases over the same three years.
  const key = `${fromYear}-${toYear}`;
  let days = byYears.get(key);
  if (!days) {
    days = Object.keys(holidayJp.holidays)
      .filter((day) => {
        const year = Number(day.slice(0, 4));
        return year >= fromYear && year <= toYear;
      })
      .sort();
    byYears.set(key, days);
  }
  return days;
}

/**
 * The days off a due date counts around `at` (epoch ms): the team's own holidays plus, when the
 * team counts them, Japan's public holidays from the year before to the year after (an SLA is at
 * most 30 business days, so no due date leaves that window).
 */
export function daysOffAround(loop: { timeZone: string; holidays: readonly string[]; japanHolidays?: boolean }, at: number): string[] {
  if (!countsJapanHolidays(loop)) return [...loop.holidays];
  const year = new Date(at).getUTCFullYear();
  return [...new Set([...loop.holidays, ...japanPublicHolidays(year - 1, year + 1)])].sort();
}
