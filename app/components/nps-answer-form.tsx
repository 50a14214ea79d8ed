import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Category } from "../domain/nps";
import { useNonce } from "../utils/nonce";
import { CustomerShell } from "./customer-shell";

export type AnswerFormProblems = Partial<Record<"score" | "comment", string>>;

export type NpsAnswerFormProps = {
  question: string;
  followUps: Record<Category, string>;
  thresholds: { promoterMin: number; detractorMax: number };
  score: number | null;
  comment: string;
  commentMax: number;
  answered: boolean;
  errors?: AnswerFormProblems;
  /** Where the form posts; the page's own URL when absent. */
  action?: string;
};

function categoryOf(score: number, t: NpsAnswerFormProps["thresholds"]): Category {
  return score >= t.promoterMin ? "promoter" : score <= t.detractorMax ? "detractor" : "passive";
}

/**
 * The NPS question as a form that works without JavaScript: eleven radio buttons, a follow-up
 * question and one submit button. With JavaScript the follow-up follows the chosen score and
 * the comment shows a character counter. A plain document POST, so the answer path stays one
 * request that any server (or a fast path in front of it) can handle.
 */
export function NpsAnswerForm({ question, followUps, thresholds, score, comment, commentMax, answered, errors = {}, action }: NpsAnswerFormProps) {
  const { t } = useTranslation("survey");
  const [chosen, setChosen] = useState<number | null>(score);
  const [length, setLength] = useState(comment.length);
  const followUp = chosen === null ? t("answer.followUpNeutral") : followUps[categoryOf(chosen, thresholds)];
  const scoreError = errors.score ? "score-error" : undefined;
  const commentError = errors.comment ? "comment-error" : undefined;

  return (
    <Form
      method="post"
      action={action}
      reloadDocument
      className="nps-form"
      noValidate
      // What the page's small script needs when the page is served without React (see NpsAnswerFormScript).
      data-follow-ups={JSON.stringify(followUps)}
      data-promoter-min={thresholds.promoterMin}
      data-detractor-max={thresholds.detractorMax}
      data-counter={t("answer.counter", { count: COUNT_PLACEHOLDER as unknown as number, max: commentMax })}
    >
      <fieldset className="nps-scale" aria-describedby={scoreError} aria-invalid={errors.score ? true : undefined}>
        <legend className="nps-question">{question}</legend>
        <p className="visually-hidden">{t("answer.scaleLegend")}</p>
        <div className="nps-scores">
          {Array.from({ length: 11 }, (_, n) => (
            <label key={n} className="nps-score">
              <input
                type="radio"
                name="score"
                value={n}
                defaultChecked={score === n}
                onChange={() => setChosen(n)}
                aria-label={t("answer.scoreLabel", { score: n })}
              />
              <span aria-hidden="true">{n}</span>
            </label>
          ))}
        </div>
        <div className="nps-anchors" aria-hidden="true">
          <span>{t("answer.low")}</span>
          <span>{t("answer.high")}</span>
        </div>
        {errors.score ? (
          <p id="score-error" className="field-error" role="alert">
            {errors.score}
          </p>
        ) : null}
      </fieldset>

      <div className="field">
        <label htmlFor="nps-comment" className="nps-follow-up">
          {followUp}
        </label>
        <p className="hint" id="comment-hint">
          {t("answer.commentHint", { max: commentMax })}
        </p>
        <textarea
          id="nps-comment"
          name="comment"
          rows={5}
          defaultValue={comment}
          maxLength={commentMax}
          aria-invalid={errors.comment ? true : undefined}
          aria-describedby={["comment-hint", "comment-count", commentError].filter(Boolean).join(" ")}
          onChange={(event) => setLength(event.currentTarget.value.length)}
        />
        <p id="comment-count" className="nps-counter muted" aria-live="polite">
          {t("answer.counter", { count: length, max: commentMax })}
        </p>
        {errors.comment ? (
          <p id="comment-error" className="field-error" role="alert">
            {errors.comment}
          </p>
        ) : null}
      </div>

      <button type="submit" className="wide">
        {answered ? t("answer.update") : t("answer.submit")}
      </button>
    </Form>
  );
}

const COUNT_PLACEHOLDER = "{count}";

// Plain browser JavaScript, kept small: the follow-up question follows the chosen score and the
// counter follows the comment, as NpsAnswerForm does with React. Without it the form still works.
const ANSWER_FORM_SCRIPT = `(() => {
  const form = document.querySelector("form.nps-form");
  if (!form) return;
  const d = form.dataset;
  const followUps = JSON.parse(d.followUps);
  const followUp = form.querySelector(".nps-follow-up");
  const comment = form.querySelector("#nps-comment");
  const counter = form.querySelector("#comment-count");
  form.addEventListener("change", (event) => {
    if (event.target.name !== "score") return;
    const n = Number(event.target.value);
    followUp.textContent = n >= Number(d.promoterMin) ? followUps.promoter : n <= Number(d.detractorMax) ? followUps.detractor : followUps.passive;
  });
  comment.addEventListener("input", () => {
    counter.textContent = d.counter.replace(${JSON.stringify(COUNT_PLACEHOLDER)}, String(comment.value.length));
  });
})();`;

/**
 * The answer form's behaviour for a page served without client scripts: one inline script
 * (allowed by the page's nonce) instead of React and the router.
 */
export function NpsAnswerFormScript() {
  const nonce = useNonce();
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ANSWER_FORM_SCRIPT }} />;
}

/** A one-card page for the survey's dead ends: unknown link, closed survey, unknown unsubscribe link. */
export function SurveyMessage({ title, body, children }: { title: string; body: string; children?: React.ReactNode }) {
  return (
    <CustomerShell>
      <div className="auth-page">
        <div className="card narrow">
          <h1>{title}</h1>
          <p>{body}</p>
          {children}
        </div>
      </div>
    </CustomerShell>
  );
}
