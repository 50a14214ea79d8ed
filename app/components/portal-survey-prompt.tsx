import { useTranslation } from "react-i18next";

/**
 * The survey a signed-in contact is due, as a card on the portal home: the question and the
 * eleven scores as links. A link only opens the answer page with the score chosen; that page's
 * POST records, exactly as from the email.
 */
export function PortalSurveyPrompt({ invitationId, question }: { invitationId: number; question: string }) {
  const { t } = useTranslation("survey");
  return (
    <section className="card portal-survey" aria-labelledby="portal-survey-question">
      <p className="eyebrow">{t("portal.eyebrow")}</p>
      <h2 id="portal-survey-question">{question}</h2>
      <ol className="nps-score-links" role="list">
        {Array.from({ length: 11 }, (_, n) => (
          <li key={n}>
            <a href={`/portal/survey/${invitationId}?score=${n}`} aria-label={t("answer.scoreLabel", { score: n })}>
              {n}
            </a>
          </li>
        ))}
      </ol>
      <div className="nps-anchors" aria-hidden="true">
        <span>{t("answer.low")}</span>
        <span>{t("answer.high")}</span>
      </div>
      <p className="muted">{t("portal.intro")}</p>
    </section>
  );
}
