import { useTranslation } from "react-i18next";

/** What the topic page's loader gives its moderators (`topicModerationView` in app/services/moderate-community-topic.server.ts). */
export type TopicModeration = {
  categoryId: number;
  pin: "none" | "category" | "global";
  categories: { id: number; name: string }[];
};

/** A moderation form that failed: its intent, the words of the refusal, the field it is about and what was posted. */
export type ModerationFailure = { intent: string; message: string; field: string | null; values: Record<string, string> };

const PIN_CHOICES = [
  ["none", "pinNone"],
  ["category", "pinCategory"],
  ["global", "pinGlobal"],
] as const;

/**
 * The topic page's "Moderate" panel for CSMs and admins: close or reopen replies, pin, move,
 * merge into another topic, and the way into splitting replies off. A closed `<details>` so the
 * page reads as members see it; plain forms posting their `intent` to the topic's URL (no JS).
 */
export function TopicModerationPanel({
  topic,
  moderation,
  failed,
  splitHref,
}: {
  topic: { id: number; path: string; locked: boolean };
  moderation: TopicModeration;
  failed: ModerationFailure | undefined;
  splitHref: string;
}) {
  const { t } = useTranslation("communityModeration");
  const errorOf = (intent: string) =>
    failed?.intent === intent ? (
      <p className="field-error" id={`moderate-${intent}-error`} role="alert">
        {failed.message}
      </p>
    ) : null;
  const describedBy = (intent: string, hint?: string) =>
    [hint, failed?.intent === intent ? `moderate-${intent}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <details className="moderate-panel" open={failed !== undefined && failed.intent !== "split"}>
      <summary>{t("topic.panel")}</summary>
      <p className="hint flush">{t("topic.panelHint")}</p>
      <div className="moderate-grid">
        <form method="post" action={topic.path} className="moderate-action" aria-labelledby="moderate-lock-heading">
          <h2 id="moderate-lock-heading">{t("topic.lockHeading")}</h2>
          <p className="hint" id="moderate-lock-hint">
            {topic.locked ? t("topic.unlockHint") : t("topic.lockHint")}
          </p>
          <input type="hidden" name="intent" value={topic.locked ? "unlock" : "lock"} />
          {errorOf(topic.locked ? "unlock" : "lock")}
          <button type="submit" className="secondary small" aria-describedby="moderate-lock-hint">
            {topic.locked ? t("topic.unlock") : t("topic.lock")}
          </button>
        </form>

        <form method="post" action={topic.path} className="moderate-action">
          <input type="hidden" name="intent" value="pin" />
          <fieldset className="choice-list" aria-describedby={describedBy("pin")}>
            <legend>{t("topic.pinHeading")}</legend>
            {PIN_CHOICES.map(([value, label]) => (
              <label key={value} className="choice">
                <input type="radio" name="pin" value={value} defaultChecked={moderation.pin === value} /> {t(`topic.${label}`)}
              </label>
            ))}
          </fieldset>
          {errorOf("pin")}
          <button type="submit" className="secondary small">
            {t("topic.pinSubmit")}
          </button>
        </form>

        <form method="post" action={topic.path} className="moderate-action" aria-labelledby="moderate-move-heading">
          <h2 id="moderate-move-heading">{t("topic.moveHeading")}</h2>
          <input type="hidden" name="intent" value="move" />
          <div className="field">
            <label htmlFor="moderate-move-category">{t("topic.moveLabel")}</label>
            <select
              id="moderate-move-category"
              name="categoryId"
              defaultValue={failed?.intent === "move" ? failed.values.categoryId : String(moderation.categoryId)}
              aria-invalid={failed?.intent === "move" ? true : undefined}
              aria-describedby={describedBy("move")}
            >
              {moderation.categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {category.name}
                </option>
              ))}
            </select>
          </div>
          {errorOf("move")}
          <button type="submit" className="secondary small">
            {t("topic.moveSubmit")}
          </button>
        </form>

        <form method="post" action={topic.path} className="moderate-action wide" aria-labelledby="moderate-merge-heading">
          <h2 id="moderate-merge-heading">{t("topic.mergeHeading")}</h2>
          <input type="hidden" name="intent" value="merge" />
          <div className="field">
            <label htmlFor="moderate-merge-into">{t("topic.mergeLabel")}</label>
            <p className="hint" id="moderate-merge-hint">
              {t("topic.mergeHint")}
            </p>
            <input
              type="text"
              id="moderate-merge-into"
              name="into"
              required
              maxLength={2000}
              defaultValue={failed?.intent === "merge" ? failed.values.into : ""}
              aria-invalid={failed?.intent === "merge" ? true : undefined}
              aria-describedby={describedBy("merge", "moderate-merge-hint")}
            />
          </div>
          {errorOf("merge")}
          <button type="submit" className="danger small">
            {t("topic.mergeSubmit")}
          </button>
        </form>

        <div className="moderate-action">
          <h2>{t("topic.splitHeading")}</h2>
          <p className="hint">{t("topic.splitHint")}</p>
          <a className="button secondary small" href={splitHref}>
            {t("topic.splitStart")}
          </a>
        </div>
      </div>
    </details>
  );
}

/**
 * The split step's form, at the end of the topic's page: the replies ticked on the page
 * (`SplitPick`, tied to this form by its id) move into a new topic with this title and category.
 */
export function SplitTopicForm({
  action,
  moderation,
  failed,
  cancelHref,
}: {
  /** The topic's URL on the page being split (`?split=1` kept, so a refusal comes back to the same step). */
  action: string;
  moderation: TopicModeration;
  failed: ModerationFailure | undefined;
  cancelHref: string;
}) {
  const { t } = useTranslation("communityModeration");
  const error = failed?.intent === "split" ? failed : undefined;
  return (
    <section className="card composer" aria-labelledby="split-title">
      <h2 id="split-title">{t("topic.splitStepHeading")}</h2>
      <form method="post" action={action} id={SPLIT_FORM_ID}>
        <input type="hidden" name="intent" value="split" />
        <div className="field">
          <label htmlFor="split-topic-title">{t("topic.splitTitle")}</label>
          <input
            id="split-topic-title"
            name="title"
            required
            maxLength={200}
            defaultValue={error?.values.title ?? ""}
            aria-invalid={error?.field === "title" ? true : undefined}
            aria-describedby={error ? "split-error" : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="split-topic-category">{t("topic.splitCategory")}</label>
          <select id="split-topic-category" name="categoryId" defaultValue={error?.values.categoryId ?? String(moderation.categoryId)}>
            {moderation.categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
        </div>
        {error ? (
          <p className="field-error" id="split-error" role="alert">
            {error.message}
          </p>
        ) : null}
        <div className="composer-actions">
          <button type="submit">{t("topic.splitSubmit")}</button>
          <a href={cancelHref}>{t("topic.splitCancel")}</a>
        </div>
      </form>
    </section>
  );
}

export const SPLIT_FORM_ID = "split-form";

/** The tick on a reply that moves it into the split's new topic (it belongs to the split form at the page's end). */
export function SplitPick({ postId, number, checked }: { postId: number; number: number; checked: boolean }) {
  const { t } = useTranslation("communityModeration");
  return (
    <label className="choice split-pick">
      <input type="checkbox" name="postIds" value={postId} form={SPLIT_FORM_ID} defaultChecked={checked} /> {t("topic.splitPick", { number })}
    </label>
  );
}
