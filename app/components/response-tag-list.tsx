import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ResponseTagSource } from "../domain/rule-tags";

export type ShownTag = { id: number; name: string; source: ResponseTagSource };

/**
 * A response's tags as chips. A rule's tag says so (a later rule change may take it away; a
 * person's tag stays); with `canEdit`, each chip has its own remove button (a POST form), and a
 * refused removal is said beside the chip it was for.
 */
export function ResponseTagList({
  tags,
  canEdit,
  busy = false,
  refusal,
}: {
  tags: ShownTag[];
  canEdit: boolean;
  busy?: boolean;
  refusal?: { tagId: number; message: string };
}) {
  const { t } = useTranslation("responses");
  if (tags.length === 0) return <p className="muted">{t("tagList.none")}</p>;
  return (
    <ul className="tag-chips">
      {tags.map((tag) => {
        const errorId = `remove-tag-${tag.id}-error`;
        const refused = refusal?.tagId === tag.id;
        return (
          <li key={tag.id} className={`tag-chip ${tag.source}`}>
            <span>{tag.name}</span>
            {tag.source === "rule" ? (
              <span className="tag-chip-source" title={t("tagList.ruleTitle")}>
                {t("tagList.rule")}
              </span>
            ) : null}
            {canEdit ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove-tag" />
                <input type="hidden" name="tagId" value={tag.id} />
                <button
                  type="submit"
                  className="tag-chip-remove"
                  aria-label={t("tagList.remove", { name: tag.name })}
                  aria-describedby={refused ? errorId : undefined}
                  disabled={busy}
                >
                  ×
                </button>
              </Form>
            ) : null}
            {refused ? (
              <span className="field-error" role="alert" id={errorId}>
                {refusal.message}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
