import { useFormat } from "./use-format";

type Props = { value: Date | string | number; dateOnly?: boolean };

// Building an Intl formatter costs tens of microseconds (a time zone's more); a list page shows
// hundreds of times, so each kind of formatter is built once and reused.
const formatters = new Map<string, Intl.DateTimeFormat>();

function isoLike(date: Date, dateOnly: boolean, timeZone: string) {
  const key = `${dateOnly ? "date" : "time"}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(dateOnly ? {} : { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" }),
    });
    formatters.set(key, formatter);
  }
  return formatter.format(date).replace(",", "");
}

/**
 * A moment on the team's clock (the same on the server and in the browser, so nothing shifts as
 * the page hydrates): "2026-12-07 14:05:00 GMT+9" in English, "2026年12月7日(月) 14:05" in Japanese.
 */
export function LocalTime({ value, dateOnly = false }: Props) {
  const format = useFormat();
  const date = new Date(value);
  const iso = date.toISOString();
  const text = format.language === "ja" ? (dateOnly ? format.date(date) : format.dateTime(date)) : isoLike(date, dateOnly, format.timeZone);
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
