import { useHydrated } from "./use-hydrated";

type Props = { value: Date | string | number; dateOnly?: boolean };

function format(date: Date, dateOnly: boolean, timeZone?: string) {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(dateOnly ? {} : { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" }),
  })
    .format(date)
    .replace(",", "");
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
