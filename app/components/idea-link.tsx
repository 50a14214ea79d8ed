import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IdeaStatusBadge } from "./ideas";

/** The NPS response page's feedback loop: the ideas its comment is tied to, and a small form to tie it to another. */
export function IdeaLinkSection({
  responseId,
  ideas,
  canLink,
  hasComment,
}: {
  responseId: number;
  ideas: { id: number; title: string; status: string; path: string }[];
  canLink: boolean;
  hasComment: boolean;
}) {
  const { t } = useTranslation("ideas");
  const { t: tc } = useTranslation("console");
  const [search] = useSearchParams();
  const code = search.get("ideaError");
  const error = code && /^idea[A-Z][A-Za-z]{1,40}$/.test(code) ? tc(`errors.${code}`) : null;
  return (
    <section className="card" aria-labelledby="ideas-heading">
      <h2 id="ideas-heading">{t("link.heading")}</h2>
      {search.get("ideaLinked") ? (
        <p className="notice success" role="status">
          {t("link.linked")}
        </p>
      ) : null}
      {ideas.length === 0 ? (
        <p className="muted">{t("link.none")}</p>
      ) : (
        <ul>
          {ideas.map((idea) => (
            <li key={idea.id}>
              <a href={idea.path}>{idea.title}</a> <IdeaStatusBadge status={idea.status} />
            </li>
          ))}
        </ul>
      )}
      {canLink && hasComment ? (
        <form method="post" action="/cs/community/ideas/link" className="inline-form">
          <p className="hint">{t("link.intro")}</p>
          <input type="hidden" name="responseId" value={responseId} />
          <div className="field">
            <label htmlFor="idea-link">{t("link.label")}</label>
            <input
              id="idea-link"
              name="idea"
              required
              defaultValue={error ? (search.get("ideaValue") ?? "") : ""}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "idea-link-error" : undefined}
            />
            {error ? (
              <p className="field-error" id="idea-link-error" role="alert">
                {error}
              </p>
            ) : null}
          </div>
          <button type="submit" className="secondary">
            {t("link.submit")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
