import { useTranslation } from "react-i18next";
import { type Segment } from "../domain/segments";
import { DAY_MS } from "../domain/days";
import { useFormat } from "./use-format";

/** A segment in the reader's language (ハイタッチ / ロータッチ / テックタッチ). */
export function SegmentBadge({ segment }: { segment: Segment }) {
  const { t } = useTranslation("console");
  return <span className={`badge ${segment}`}>{t(`shared.segment.${segment}`)}</span>;
}

/** Days from `today` to an ISO date (negative when it has passed). Both are YYYY-MM-DD in UTC. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** A renewal date with how near it is: within 90 days is flagged, a passed date too. */
export function RenewalDate({ date, today }: { date: string | null; today: string }) {
  const { t } = useTranslation("console");
  const format = useFormat();
  if (!date) return <span className="muted">—</span>;
  const days = daysUntil(date, today);
  return (
    <span className="renewal">
      {format.day(date)}{" "}
      {days < 0 ? (
        <span className="badge bad">{t("shared.renewalPassed")}</span>
      ) : days <= 90 ? (
        <span className="badge warn">{t("shared.renewalIn", { count: days })}</span>
      ) : null}
    </span>
  );
}
