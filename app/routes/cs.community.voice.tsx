import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MissingRatesNote } from "../components/acv-amount";
import { IdeaArrChart } from "../components/charts/idea-arr-chart";
import { ConsoleError } from "../components/console-error";
import { IdeaStatusBadge } from "../components/ideas";
import { LocalTime } from "../components/local-time";
import { ResponseScore } from "../components/response-score";
import { useFormat } from "../components/use-format";
import { VOICE_PERIODS } from "../domain/idea-voice";
import { reportingContext } from "../services/currency-settings.server";
import { voiceOfTheCustomer, type VoiceComment } from "../services/idea-voice.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const STATUSES = ["open", "all", "new", "under_review", "planned", "in_progress", "shipped", "declined"] as const;

/** The product team's "voice of the customer": top ideas by the revenue asking, by segment, with the NPS comments linked to them. Read-only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:idea:any");
  // The linked comments name contacts and quote their answers: the reader must also be one who reads responses.
  await requireStaff(request, "read:response:any");
  const voice = voiceOfTheCustomer(new URL(request.url).searchParams);
  return { ...voice, reporting: reportingContext(), title: (await fixedT(user.language, "voice"))("metaTitle") };
}

function Comments({ comments, ideaPath }: { comments: { total: number; rows: VoiceComment[] }; ideaPath: string }) {
  const { t } = useTranslation("voice");
  if (comments.rows.length === 0) return <p className="muted small">{t("comments.none")}</p>;
  const more = comments.total - comments.rows.length;
  return (
    <>
      <ul className="voice-comments">
        {comments.rows.map((row) => (
          <li key={row.responseId}>
            <div className="voice-comment-head">
              <ResponseScore score={row.score} category={row.category} />
              <span translate="no">
                <Link to={`/cs/contacts/${row.contactId}`}>{row.contactName || row.contactEmail}</Link>
                {", "}
                <Link to={`/cs/accounts/${row.accountId}`}>{row.accountName}</Link>
              </span>
              <span className="muted small">
                <LocalTime value={row.createdAt} dateOnly />
              </span>
              <Link to={row.responsePath} className="small">
                {t("comments.open")}
              </Link>
            </div>
            <blockquote className="voice-comment" translate="no">
              {row.comment}
            </blockquote>
          </li>
        ))}
      </ul>
      {more > 0 ? (
        <p className="small">
          <Link to={ideaPath}>{t("comments.more", { count: more })}</Link>
        </p>
      ) : null}
    </>
  );
}

export default function VoiceOfTheCustomer() {
  const { top, bySegment, filters, reporting } = useLoaderData<typeof loader>();
  const { t } = useTranslation("voice");
  const { t: ti } = useTranslation("ideas");
  const format = useFormat();
  const money = (minor: number) => format.money(minor, reporting.reportingCurrency);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("heading")}</h1>
          <p>{t("intro", { currency: reporting.reportingCurrency })}</p>
        </div>
      </div>

      <MissingRatesNote missing={reporting.missing} reportingCurrency={reporting.reportingCurrency} />

      <form method="get" className="filters" aria-label={t("filters")}>
        <div className="field">
          <label htmlFor="voice-period">{t("period")}</label>
          <select id="voice-period" name="period" defaultValue={filters.period}>
            {VOICE_PERIODS.map((period) => (
              <option key={period} value={period}>
                {t(`periods.${period}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="voice-status">{t("status")}</label>
          <select id="voice-status" name="status" defaultValue={filters.status}>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status === "open" ? ti("board.open") : status === "all" ? ti("board.allOpen") : ti(`status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="voice-area">{t("area")}</label>
          <input id="voice-area" name="area" defaultValue={filters.area} maxLength={30} />
        </div>
        <button type="submit">{t("apply")}</button>
      </form>

      <section className="card" aria-labelledby="voice-top-heading">
        <h2 id="voice-top-heading">{t("top.heading")}</h2>
        {top.length === 0 ? (
          <p className="muted">{t("top.empty")}</p>
        ) : (
          <>
            <IdeaArrChart title={t("chartTitle")} ideas={top} currency={reporting.reportingCurrency} />
            <ol className="voice-ideas">
              {top.map((idea) => (
                <li key={idea.id} id={`idea-${idea.id}`}>
                  <h3>
                    <Link to={idea.path} translate="no">
                      {idea.title}
                    </Link>{" "}
                    <IdeaStatusBadge status={idea.status} />
                  </h3>
                  <p className="voice-figures">
                    <strong>{money(idea.arrMinor)}</strong> {t("top.arr")} · {t("top.accounts", { count: idea.accounts })} ·{" "}
                    {t("top.votes", { count: idea.votes })}
                  </p>
                  <p className="small muted">
                    {t("top.bySegment")}:{" "}
                    {(["high", "low", "tech"] as const)
                      .map((segment) =>
                        t("top.segmentShare", {
                          segment: ti(`segment.${segment}`),
                          arr: money(idea.segments[segment].arrMinor),
                          accounts: t("top.accounts", { count: idea.segments[segment].accounts }),
                        }),
                      )
                      .join(format.language === "ja" ? "、" : " · ")}
                  </p>
                  <h4 className="visually-hidden">{t("comments.heading")}</h4>
                  <Comments comments={idea.comments} ideaPath={idea.path} />
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      <section aria-labelledby="voice-segments-heading">
        <h2 id="voice-segments-heading">{t("segments.heading")}</h2>
        <p className="muted">{t("segments.intro")}</p>
        <div className="voice-segments">
          {bySegment.map(({ segment, ideas }) => (
            <section key={segment} className="card" aria-labelledby={`voice-segment-${segment}`}>
              <h3 id={`voice-segment-${segment}`}>{ti(`segment.${segment}`)}</h3>
              {ideas.length === 0 ? (
                <p className="muted small">{t("segments.empty")}</p>
              ) : (
                <div className="table-wrap flat">
                  <table>
                    <caption className="visually-hidden">{ti(`segment.${segment}`)}</caption>
                    <thead>
                      <tr className="nowrap-head">
                        <th scope="col">{t("chartIdea")}</th>
                        <th scope="col" className="num">
                          {t("segments.arr")}
                        </th>
                        <th scope="col" className="num">
                          {t("segments.comments")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {ideas.map((idea) => (
                        <tr key={idea.id}>
                          <td>
                            <Link to={idea.path} translate="no">
                              {idea.title}
                            </Link>{" "}
                            <IdeaStatusBadge status={idea.status} />
                            {!idea.inTop && idea.comments.rows.length > 0 ? (
                              <details className="voice-more">
                                <summary>{t("segments.showComments")}</summary>
                                <Comments comments={idea.comments} ideaPath={idea.path} />
                              </details>
                            ) : null}
                          </td>
                          <td className="num">
                            {money(idea.arrMinor)}
                            <div className="muted small">{t("top.accounts", { count: idea.accounts })}</div>
                          </td>
                          <td className="num">
                            {idea.inTop && idea.comments.total > 0 ? (
                              <a href={`#idea-${idea.id}`}>{format.number(idea.comments.total)}</a>
                            ) : (
                              format.number(idea.comments.total)
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          ))}
        </div>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
