import { useTranslation } from "react-i18next";
import { DAY_MS } from "../domain/days";
import type { Segment } from "../domain/segments";
import type { FilterOption } from "./filter-select";
import { useFormat } from "./use-format";

/** The touch models in the order the console lists them. */
export const SEGMENTS = ["high", "low", "tech"] as const satisfies readonly Segment[];

/** The lifecycle stages an account goes through, in order. */
export const STAGES = ["onboarding", "adoption", "expansion", "renewal"] as const;

export function SegmentBadge({ segment }: { segment: Segment }) {
  const { t } = useTranslation("console");
  return <span className={`badge ${segment}`}>{t(`terms.segment.${segment}`)}</span>;
}

/** The segments as filter choices, named in the reader's language. */
export function useSegmentOptions(): FilterOption[] {
  const { t } = useTranslation("console");
  return SEGMENTS.map((segment) => ({ value: segment, label: t(`terms.segment.${segment}`) }));
}

/** A lifecycle stage's name in the reader's language; a stage the console does not know is shown as stored. */
export function useStageLabel(): (stage: string) => string {
  const { t } = useTranslation("console");
  return (stage) => ((STAGES as readonly string[]).includes(stage) ? t(`terms.stage.${stage as (typeof STAGES)[number]}`) : stage);
}

/** Days from `today` to an ISO date (negative when it has passed). Both are YYYY-MM-DD in UTC. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** A renewal date with how near it is: within 90 days is flagged, a passed date too. */
export function RenewalDate({ date, today }: { date: string | null; today: string }) {
  const { t } = useTranslation("accounts");
  const format = useFormat();
  if (!date) return <span className="muted">—</span>;
  const days = daysUntil(date, today);
  return (
    <span className="renewal">
      {format.language === "ja" ? format.day(date) : date}{" "}
      {days < 0 ? (
        <span className="badge bad">{t("renewal.passed")}</span>
      ) : days <= 90 ? (
        <span className="badge warn">{t("renewal.inDays", { count: days, n: format.number(days) })}</span>
      ) : null}
    </span>
  );
}
