import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AcvAmount, MissingRatesNote } from "../components/acv-amount";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { SegmentBadge } from "../components/segment-badge";
import { useFormat } from "../components/use-format";
import { UnansweredParams, waitingFor } from "../domain/community-console";
import { listUnansweredQuestions } from "../models/community-unanswered.server";
import { getSetting } from "../models/settings.server";
import { reportingContext } from "../services/currency-settings.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { parseSearchParams } from "../utils/search-params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const SHOWN = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const params = parseSearchParams(request, UnansweredParams, user.language);
  const hours = params.hours ?? getSetting("communityQueue").unansweredAfterHours;
  const now = Date.now();
  const { rows, total } = listUnansweredQuestions({ olderThanHours: hours, now, limit: SHOWN });
  return {
    hours,
    now,
    rows,
    total,
    shown: SHOWN,
    reporting: reportingContext(),
    title: (await fixedT(user.language, "communityConsole"))("unanswered.title"),
  };
}

export default function UnansweredQuestions() {
  const { hours, now, rows, total, shown, reporting } = useLoaderData<typeof loader>();
  const { t } = useTranslation("communityConsole");
  const format = useFormat();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("unanswered.heading")}</h1>
          <p>{t("unanswered.intro", { hours: format.number(hours), currency: reporting.reportingCurrency })}</p>
        </div>
      </div>

      <MissingRatesNote missing={reporting.missing} reportingCurrency={reporting.reportingCurrency} />

      <Form method="get" className="filters" aria-label={t("unanswered.heading")}>
        <div className="field">
          <label htmlFor="hours">{t("unanswered.olderThan")}</label>
          <input id="hours" name="hours" type="number" min={1} max={720} step={1} defaultValue={hours} inputMode="numeric" />
        </div>
        <button type="submit">{t("unanswered.apply")}</button>
      </Form>

      {rows.length === 0 ? (
        <div className="empty-state">
          <p>{t("unanswered.empty", { hours: format.number(hours) })}</p>
        </div>
      ) : (
        <>
          <p>
            {t("unanswered.count", { count: total, n: format.number(total) })} {total > rows.length ? t("unanswered.more", { n: format.number(shown) }) : null}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("unanswered.caption")}</caption>
              <thead>
                <tr className="nowrap-head">
                  <th scope="col">{t("unanswered.question")}</th>
                  <th scope="col">{t("unanswered.account")}</th>
                  <th scope="col" className="num">
                    {t("unanswered.acv")}
                  </th>
                  <th scope="col">{t("unanswered.segment")}</th>
                  <th scope="col">{t("unanswered.csm")}</th>
                  <th scope="col" className="num">
                    {t("unanswered.age")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const age = waitingFor(row.createdAt, now);
                  return (
                    <tr key={row.topicId}>
                      <td>
                        <a href={`/community/t/${row.topicId}${row.slug ? `/${row.slug}` : ""}`} className="strong-link">
                          {row.title}
                        </a>
                        <div className="muted small">
                          {t("unanswered.asker")}: {row.askerName} <span className="mono">@{row.askerHandle}</span>
                        </div>
                      </td>
                      <td>
                        {row.accountId !== null ? (
                          <Link to={`/cs/accounts/${row.accountId}`}>{row.accountName}</Link>
                        ) : (
                          <span className="muted">{t("unanswered.noAccount")}</span>
                        )}
                      </td>
                      <td className="num">
                        {row.acvAmount !== null && row.acvCurrency !== null ? (
                          <AcvAmount
                            amount={row.acvAmount}
                            currency={row.acvCurrency}
                            reporting={row.acvReportingMinor}
                            reportingCurrency={reporting.reportingCurrency}
                          />
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td>{row.segment ? <SegmentBadge segment={row.segment} /> : <span className="muted">—</span>}</td>
                      <td>{row.csmName ?? <span className="muted">—</span>}</td>
                      <td className="num nowrap">
                        {t(age.unit === "hours" ? "unanswered.ageHours" : "unanswered.ageDays", { n: format.number(age.n) })}
                        <div className="muted small">
                          <LocalTime value={row.createdAt} />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("communityConsole");
  return <ConsoleError back={{ to: "/cs/community/unanswered", label: t("unanswered.heading") }} />;
}
