import { useTranslation } from "react-i18next";

const LEVELS = ["1", "2", "3", "4", "5"] as const;

/** The survey's two questions (satisfaction 1–5, a comment) and its button: the inside of a plain form. */
export function MeetupSurveyFields({ satisfaction, comment }: { satisfaction?: number | null; comment?: string | null }) {
  const { t } = useTranslation("meetups");
  return (
    <>
      {satisfaction ? <p className="muted">{t("survey.answered", { satisfaction })}</p> : null}
      <fieldset className="meetup-scale">
        <legend>{t("survey.satisfaction")}</legend>
        {LEVELS.map((level) => (
          <label key={level}>
            <input type="radio" name="satisfaction" value={level} required defaultChecked={String(satisfaction ?? "") === level} />{" "}
            {t(`survey.levels.${level}`)}
          </label>
        ))}
      </fieldset>
      <label className="stack">
        <span>{t("survey.comment")}</span>
        <textarea name="comment" rows={4} maxLength={2000} defaultValue={comment ?? ""} />
      </label>
      <button type="submit">{t("survey.submit")}</button>
    </>
  );
}
