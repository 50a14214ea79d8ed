import { useTranslation } from "react-i18next";

const LEVELS = ["watching", "tracking", "muted"] as const;

/**
 * The watch / track / mute choice for one topic or category, as a plain form (works without
 * JavaScript): it posts to `/community/watch`, which saves it and comes back to `redirectTo`.
 * Topic and category pages show it with the reader's current level
 * (`watchLevelOfTopic` / `watchLevelOfCategory` in app/services/community-preferences.server.ts).
 */
export function WatchLevelForm({
  target,
  id,
  level,
  redirectTo,
}: {
  target: "topic" | "category";
  id: number;
  level: (typeof LEVELS)[number];
  redirectTo: string;
}) {
  const { t } = useTranslation("communityNotify");
  const fieldId = `watch-${target}-${id}`;
  return (
    <form method="post" action="/community/watch" className="watch-form">
      <input type="hidden" name="intent" value="watch" />
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <label htmlFor={fieldId}>{target === "topic" ? t("watch.topicLegend") : t("watch.categoryLegend")}</label>
      <select id={fieldId} name="level" defaultValue={level}>
        {LEVELS.map((option) => (
          <option key={option} value={option}>
            {t(`levels.${option}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary small">
        {t("watch.change")}
      </button>
    </form>
  );
}
