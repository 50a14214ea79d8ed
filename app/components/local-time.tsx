import { useHydrated } from "./use-hydrated";

type Props = { value: Date | string | number; dateOnly?: boolean };

// Building an Intl formatter costs tens of microseconds (a time zone's more); a list page shows
// hundreds of times, so each kind of formatter is built once and reused.
const formatters = new Map<string, Intl.DateTimeFormat>();

function format(date: Date, dateOnly: boolean, timeZone?: string) {
  const key = `${dateOnly ? "date" : "time"}|${timeZone ?? ""}`;
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
 * A moment in the viewer's own time zone. The server cannot know that zone, so it renders UTC
 * (correct, and what a reader without JavaScript sees); the browser then rewrites it locally.
 */
export function LocalTime({ value, dateOnly = false }: Props) {
  const date = new Date(value);
  const hydrated = useHydrated();
  const iso = date.toISOString();
  const text = format(date, dateOnly, hydrated ? undefined : "UTC");
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
