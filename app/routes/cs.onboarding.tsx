import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FilterSelect, useSegmentOptions } from "../components/filter-select";
import { TtvCohortChart } from "../components/charts/ttv-cohort-chart";
import { useFormat } from "../components/use-format";
import { OnboardingFilters } from "../domain/onboarding-metrics";
import { reportingContext } from "../services/currency-settings.server";
import { onboardingOverview } from "../services/onboarding-overview.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/**
 * `/cs/onboarding`: how accounts move through a guide — the funnel by step with drop-off, TTV per
 * start-month cohort, activation within 30/60/90 days, and the stalled accounts by money at stake.
 * Read-only; every role that reads guides sees it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:guide:any");
  const t = await fixedT(user.language, "onboardingConsole");
  const parsed = OnboardingFilters.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response(t("overview.badFilter"), { status: 400 });
  const overview = onboardingOverview({ user }, parsed.data);
  if (overview.guide && "unknownVersion" in overview) throw new Response(t("overview.badFilter"), { status: 400 });
  return { overview, filters: parsed.data, reportingCurrency: reportingContext().reportingCurrency, title: t("overview.title") };
}

export default function OnboardingOverview() {
  const { overview, filters, reportingCurrency } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("onboardingConsole");
  const format = useFormat();
  const segmentOptions = useSegmentOptions();
  const ja = i18n.language === "ja";
  const percent = (share: number | null) => (share === null ? "—" : format.percent(share));
  const days = (value: number | null) => (value === null ? "—" : t("overview.days", { count: value, n: format.number(value, 1) }));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("overview.heading")}</h1>
          <p>{t("overview.intro")}</p>
        </div>
      </div>
      {!overview.guide || !("funnel" in overview) || !overview.funnel ? (
        <p className="card">
          {t("overview.noGuide")} <Link to="/cs/guides">{t("guides.heading")}</Link>
        </p>
      ) : (
        <div className="onboarding-page">
          <Form method="get" className="filters card" aria-label={t("overview.filters")}>
            <FilterSelect
              name="guide"
              label={t("overview.guide")}
              anyLabel={t("overview.firstGuide")}
              value={overview.guide.id}
              options={overview.guides.map((guide) => ({ value: guide.id, label: ja ? guide.nameJa : guide.nameEn }))}
            />
            <FilterSelect
              name="version"
              label={t("overview.version")}
              anyLabel={t("overview.allVersions")}
              value={filters.version}
              options={(overview.versions ?? []).map((version) => ({ value: version.version, label: t("guides.versionN", { n: version.version }) }))}
            />
            <FilterSelect name="segment" label={t("overview.segment")} anyLabel={t("overview.allSegments")} value={filters.segment} options={segmentOptions} />
            <FilterSelect
              name="cohort"
              label={t("overview.cohort")}
              anyLabel={t("overview.allCohorts")}
              value={filters.cohort}
              options={overview.cohorts.map((cohort) => ({ value: cohort.cohort, label: cohort.cohort }))}
            />
            <button type="submit">{t("overview.apply")}</button>
          </Form>

          <section className="card" aria-labelledby="funnel-heading">
            <h2 id="funnel-heading">{t("overview.funnelHeading")}</h2>
            <p className="muted small">{t("overview.funnelHint", { count: overview.enrolled, n: format.number(overview.enrolled) })}</p>
            <div className="table-wrap">
              <table className="onboarding-funnel">
                <thead>
                  <tr>
                    <th scope="col">{t("overview.step")}</th>
                    <th scope="col" className="num">
                      {t("overview.done")}
                    </th>
                    <th scope="col" className="num">
                      {t("overview.ofEnrolled")}
                    </th>
                    <th scope="col" className="num">
                      {t("overview.dropOff")}
                    </th>
                    <th scope="col" className="num">
                      {t("overview.dropShare")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {overview.funnel.map((step) => (
                    <tr key={step.key} data-step={step.key}>
                      <th scope="row">
                        <span className="funnel-bar" data-share={Math.round((step.share ?? 0) * 100)}>
                          {ja ? step.titleJa : step.titleEn}
                        </span>
                        <meter className="funnel-meter" min={0} max={1} value={step.share ?? 0} aria-hidden="true" />
                      </th>
                      <td className="num" data-cell="done">
                        {format.number(step.done)}
                      </td>
                      <td className="num">{percent(step.share)}</td>
                      <td className="num" data-cell="drop">
                        {format.number(step.dropOff)}
                      </td>
                      <td className="num">{percent(step.dropShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="card" aria-labelledby="ttv-heading">
            <h2 id="ttv-heading">{t("overview.ttvHeading")}</h2>
            <p className="muted small">
              {overview.guide.targetDays !== null ? t("overview.ttvTarget", { count: overview.guide.targetDays }) : t("overview.ttvNoTarget")}
            </p>
            <TtvCohortChart cohorts={overview.cohorts} targetDays={overview.guide.targetDays} />
            <div className="table-wrap">
              <table className="onboarding-cohorts">
                <thead>
                  <tr>
                    <th scope="col">{t("overview.cohort")}</th>
                    <th scope="col" className="num">
                      {t("overview.enrolled")}
                    </th>
                    <th scope="col" className="num">
                      {t("overview.activated")}
                    </th>
                    <th scope="col" className="num">
                      {t("overview.median")}
                    </th>
                    <th scope="col" className="num">
                      {t("overview.p75")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {overview.cohorts.map((cohort) => (
                    <tr key={cohort.cohort} data-cohort={cohort.cohort}>
                      <th scope="row">{cohort.cohort}</th>
                      <td className="num">{format.number(cohort.enrolled)}</td>
                      <td className="num">{format.number(cohort.activated)}</td>
                      <td className="num" data-cell="median">
                        {days(cohort.medianDays)}
                      </td>
                      <td className="num" data-cell="p75">
                        {days(cohort.p75Days)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="card" aria-labelledby="activation-heading">
            <h2 id="activation-heading">{t("overview.activationHeading")}</h2>
            <p className="muted small">{t("overview.activationHint")}</p>
            <dl className="stat-row onboarding-activation">
              {overview.activation.map((window) => (
                <div key={window.days} data-window={window.days}>
                  <dt>{t("overview.withinDays", { count: window.days })}</dt>
                  <dd>
                    <strong>{percent(window.share)}</strong>{" "}
                    <span className="muted small">
                      {t("overview.activatedOf", { activated: format.number(window.activated), eligible: format.number(window.eligible) })}
                    </span>
                  </dd>
                </div>
              ))}
            </dl>
          </section>

          <section className="card" aria-labelledby="stalled-heading">
            <h2 id="stalled-heading">{t("overview.stalledHeading")}</h2>
            <p className="muted small">{t("overview.stalledHint", { count: overview.stalled.total, currency: reportingCurrency })}</p>
            {overview.stalled.rows.length === 0 ? (
              <p>{t("overview.noStalled")}</p>
            ) : (
              <div className="table-wrap">
                <table className="onboarding-stalled">
                  <thead>
                    <tr>
                      <th scope="col">{t("overview.account")}</th>
                      <th scope="col" className="num">
                        {t("overview.acv", { currency: reportingCurrency })}
                      </th>
                      <th scope="col">{t("overview.stalledOn")}</th>
                      <th scope="col" className="num">
                        {t("overview.daysStalled")}
                      </th>
                      <th scope="col" className="num">
                        {t("overview.progress")}
                      </th>
                      <th scope="col">{t("overview.csm")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.stalled.rows.map((row) => (
                      <tr key={row.enrolmentId}>
                        <th scope="row">
                          <Link to={`/cs/accounts/${row.accountId}`}>{row.accountName}</Link>
                        </th>
                        <td className="num">
                          {row.acvReportingMinor === null ? t("overview.noRate") : format.money(row.acvReportingMinor, reportingCurrency)}
                        </td>
                        <td>{row.stalledOn ? (ja ? row.stalledOn.titleJa : row.stalledOn.titleEn) : "—"}</td>
                        <td className="num">{format.number(row.daysStalled)}</td>
                        <td className="num">
                          {format.number(row.doneSteps)} / {format.number(row.stepCount)}
                        </td>
                        <td>{row.csmName ?? t("overview.pooled")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("onboardingConsole");
  return <ConsoleError back={{ to: "/cs/onboarding", label: t("overview.heading") }} />;
}
