import { useTranslation } from "react-i18next";
import type { Progress } from "../domain/guides";

/** The checklist's progress: a native progress bar, named, with the same figures in text beside it. */
export function ChecklistProgress({ progress }: { progress: Progress }) {
  const { t } = useTranslation("onboarding");
  const text = t("progressText", progress);
  return (
    <div className="onboarding-progress">
      <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={t("progressLabel")} aria-valuetext={text}>
        {progress.percent}%
      </progress>
      <p className="onboarding-progress-text flush">{text}</p>
    </div>
  );
}

/** The small celebration at first value: a banner, no script. */
export function ActivationBanner({ stepTitle }: { stepTitle: string }) {
  const { t } = useTranslation("onboarding");
  return (
    <section className="onboarding-celebrate" role="status" aria-labelledby="onboarding-celebrate-title">
      {/* A star: the page draws it, so it shows without an emoji font. */}
      <svg className="onboarding-celebrate-mark" viewBox="0 0 24 24" width="36" height="36" aria-hidden="true" focusable="false">
        <path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z" fill="currentColor" />
      </svg>
      <div>
        <h2 id="onboarding-celebrate-title" className="flush">
          {t("celebrate.title")}
        </h2>
        <p className="flush">{t("celebrate.body", { step: stepTitle })}</p>
      </div>
    </section>
  );
}

type DoneBy = { kind: "you" } | { kind: "teammate"; label: string } | { kind: "someone" } | null;

/** "Done by Ken on Dec 3, 2026": who did a step and when (for a team step, which teammate). */
export function StepDoneLine({ doneAt, doneBy }: { doneAt: string; doneBy: DoneBy }) {
  const { t } = useTranslation("onboarding");
  const text =
    doneBy?.kind === "you"
      ? t("doneByYouOn", { date: doneAt })
      : doneBy?.kind === "teammate"
        ? t("doneByOn", { who: doneBy.label, date: doneAt })
        : doneBy?.kind === "someone"
          ? t("doneBySomeoneOn", { date: doneAt })
          : t("doneOn", { date: doneAt });
  return <p className="onboarding-done-line flush">{text}</p>;
}
