import { useTranslation } from "react-i18next";
import { useNonce } from "../utils/nonce";

export type SimilarTopicLink = { id: number; title: string; url: string };

/**
 * Similar topics beside the new-topic form's title. Rendered with the topics the server found
 * (the preview step, without JavaScript), or empty and hidden, filled by
 * `public/community-similar.js` while the title is typed. Renders nothing visible when empty.
 */
export function SimilarTopics({ titleInputId, topics = [] }: { titleInputId: string; topics?: SimilarTopicLink[] }) {
  const { t } = useTranslation("communitySearch");
  const nonce = useNonce();
  return (
    <>
      <aside
        className="community-similar"
        data-similar-for={titleInputId}
        hidden={topics.length === 0}
        aria-live="polite"
        aria-labelledby={`${titleInputId}-similar`}
      >
        <p id={`${titleInputId}-similar`} className="flush">
          <strong>{t("similarHeading")}</strong> <span className="muted">{t("similarIntro")}</span>
        </p>
        <ul>
          {topics.map((topic) => (
            <li key={topic.id}>
              <a href={topic.url} target="_blank" rel="noopener">
                {topic.title}
              </a>
            </li>
          ))}
        </ul>
      </aside>
      <script src="/community-similar.js" nonce={nonce} defer />
    </>
  );
}
