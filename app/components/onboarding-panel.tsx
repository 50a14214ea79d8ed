import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AccountOnboarding } from "../services/account-onboarding.server";
import { LocalTime } from "./local-time";
import { useFormat } from "./use-format";

/** The account 360's onboarding section: guide, version, progress, TTV or days since start against the target, stalled, and who did which step when. */
export function OnboardingPanel({ onboarding }: { onboarding: AccountOnboarding | null }) {
  const { t, i18n } = useTranslation("onboardingConsole");
  const format = useFormat();
  const ja = i18n.language === "ja";
  return (
    <section className="card" aria-labelledby="onboarding-heading" id="onboarding">
      <h2 id="onboarding-heading">{t("account.heading")}</h2>
      {!onboarding ? (
        <p className="muted">{t("account.none")}</p>
      ) : (
        <>
          <dl className="stat-row onboarding-activation">
            <div>
              <dt>{t("account.guide")}</dt>
              <dd>
                <Link to={`/cs/guides/${onboarding.guideId}`}>{ja ? onboarding.nameJa : onboarding.nameEn}</Link>{" "}
                <span className="muted small">
                  {onboarding.currentVersion !== null && onboarding.currentVersion !== onboarding.version
                    ? t("account.versionOf", { version: onboarding.version, current: onboarding.currentVersion })
                    : t("account.version", { version: onboarding.version })}
                </span>
                <div className="muted small">{t("account.startedAt", { date: format.day(onboarding.startedAt) })}</div>
              </dd>
            </div>
            <div>
              <dt>{t("account.progress")}</dt>
              <dd>
                <meter min={0} max={100} value={onboarding.progress.percent} aria-hidden="true" />{" "}
                {t("account.progressValue", { done: onboarding.progress.done, total: onboarding.progress.total, percent: onboarding.progress.percent })}
              </dd>
            </div>
            <div>
              <dt>TTV</dt>
              <dd>
                {onboarding.ttvDays !== null
                  ? t("account.ttv", { count: onboarding.ttvDays })
                  : t("account.sinceStart", { count: onboarding.daysSinceStart ?? 0 })}
                {onboarding.targetDays !== null ? <span className="muted small"> · {t("account.target", { count: onboarding.targetDays })}</span> : null}
                {onboarding.overTarget ? <span className="badge warn"> {t("account.overTarget")}</span> : null}
              </dd>
            </div>
            {onboarding.stalledAt !== null ? (
              <div>
                <dt>{t("account.stalled")}</dt>
                <dd className="onboarding-stalled-flag">
                  {t("account.stalledSince", { when: format.date(new Date(onboarding.lastProgressAt ?? onboarding.stalledAt)) })}
                </dd>
              </div>
            ) : null}
            {!onboarding.nudges ? (
              <div>
                <dt>{t("account.nudgesOff")}</dt>
                <dd>—</dd>
              </div>
            ) : null}
          </dl>
          <div className="table-wrap flat">
            <table className="onboarding-steps">
              <thead>
                <tr>
                  <th scope="col">{t("account.step")}</th>
                  <th scope="col">{t("account.doneAt")}</th>
                  <th scope="col">{t("account.doneBy")}</th>
                  <th scope="col">{t("account.people")}</th>
                </tr>
              </thead>
              <tbody>
                {onboarding.steps.map((step) => (
                  <tr key={step.key} data-step={step.key}>
                    <th scope="row">{ja ? step.titleJa : step.titleEn}</th>
                    <td>{step.done ? <LocalTime value={step.done.doneAt} /> : <span className="muted">{t("account.notDone")}</span>}</td>
                    <td>{step.done ? (step.done.doneBy ?? <span className="muted">{t("account.nobody")}</span>) : "—"}</td>
                    <td className="small">
                      {step.people.length === 0
                        ? "—"
                        : step.people.map((person, index) => (
                            <span key={`${person.contactId}-${index}`}>
                              {index > 0 ? ", " : ""}
                              {person.name ?? person.email ?? t("account.nobody")} (<LocalTime value={person.doneAt} />)
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
