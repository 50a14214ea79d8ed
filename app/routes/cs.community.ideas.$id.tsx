import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { IdeaStatusBadge } from "../components/ideas";
import { LocalTime } from "../components/local-time";
import { useFormat } from "../components/use-format";
import { IDEA_IMPORTANCE_VALUES, IDEA_OFFER_VALUES, ideaIdOf, SETTABLE_IDEA_STATUSES } from "../domain/ideas";
import { errorMessage } from "../domain/service-error";
import { findTopic } from "../models/community-topic.server";
import { listActiveCsms } from "../models/user.server";
import { ideaConsoleDetail } from "../services/idea-board.server";
import { logIdeaRequest } from "../services/idea-requests.server";
import { changeIdeaStatus, mergeIdeas, triageIdea } from "../services/idea-triage.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const INTENTS = ["status", "triage", "merge", "request"] as const;
type Intent = (typeof INTENTS)[number];

async function ideaOf(params: LoaderFunctionArgs["params"], language: "en" | "ja") {
  const id = params.id && /^[1-9]\d{0,14}$/.test(params.id) ? Number(params.id) : null;
  const detail = id ? ideaConsoleDetail(id) : null;
  if (!detail) throw new Response((await fixedT(language, "common"))("notFound.title"), { status: 404 });
  return detail;
}

/** One idea for the product team: its figures, the accounts behind it, requests, linked NPS comments, and the triage forms. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:idea:any");
  const detail = await ideaOf(params, user.language);
  const topic = detail.idea;
  const t = await fixedT(user.language, "ideas");
  const title = findTopic(topic.id)?.title ?? `#${topic.id}`;
  return {
    ...detail,
    title: t("detail.metaTitle", { title }),
    ideaTitle: title,
    staff: listActiveCsms().map((row) => ({ id: row.id, name: row.name })),
  };
}

type Reply = { intent: Intent; message: string; field: string | null; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:idea:any");
  const detail = await ideaOf(params, user.language);
  const form = await request.formData();
  const values = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")) as Record<string, string>;
  const intent = INTENTS.find((candidate) => candidate === values.intent);
  if (!intent) throw new Response("Unknown form", { status: 400 });
  const ip = clientIp(request);
  try {
    switch (intent) {
      case "status":
        changeIdeaStatus(user, detail.idea.id, { status: values.status ?? "", note: values.note ?? "" }, ip);
        break;
      case "triage":
        triageIdea(
          user,
          detail.idea.id,
          { offer: values.offer, trackerUrl: values.trackerUrl ?? "", areas: values.areas ?? "", ownerUserId: values.ownerUserId ?? "" },
          ip,
        );
        break;
      case "merge": {
        const into = ideaIdOf(values.into ?? "");
        if (into === null) return data<Reply>({ intent, message: errorMessage("ideaMergeTarget", {}, user.language), field: "into", values }, { status: 400 });
        mergeIdeas(user, { ideaId: detail.idea.id, intoIdeaId: into }, ip);
        return redirect(`/cs/community/ideas/${into}?done=merge`, 303);
      }
      case "request":
        logIdeaRequest(user, detail.idea.id, values, ip);
        break;
    }
    return redirect(`/cs/community/ideas/${detail.idea.id}?done=${intent}`, 303);
  } catch (error) {
    const refusal = refusalOf(error, user.language);
    return data<Reply>({ intent, message: refusal.message, field: refusal.field ?? null, values }, { status: refusal.status });
  }
}

export default function IdeaDetail() {
  const { idea, ideaTitle, renewingMinor, accounts, requests, requestCount, shownRows, responses, history, reportingCurrency, staff } =
    useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Reply | undefined;
  const [search] = useSearchParams();
  const done = search.get("done");
  const { t } = useTranslation("ideas");
  const format = useFormat();
  const money = (minor: number) => format.money(minor, reportingCurrency);
  const error = (intent: Intent) =>
    failed?.intent === intent ? (
      <p className="field-error" role="alert">
        {failed.message}
      </p>
    ) : null;
  const value = (intent: Intent, name: string, fallback = "") => (failed?.intent === intent ? (failed.values[name] ?? fallback) : fallback);
  return (
    <>
      <p>
        <Link to="/cs/community/ideas">← {t("detail.back")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{ideaTitle}</h1>
          <p>
            <IdeaStatusBadge status={idea.status} />{" "}
            {t("detail.summary", {
              votes: t("board.votes", { count: idea.votes }),
              accounts: t("board.accounts", { count: idea.accounts }),
              arr: money(idea.arrMinor),
            })}
          </p>
          <p className="muted">
            {t("idea.staffSegments")}: {t("segment.high")} {format.number(idea.high)} · {t("segment.low")} {format.number(idea.low)} · {t("segment.tech")}{" "}
            {format.number(idea.tech)} — {t("idea.staffRenewing")}: {money(renewingMinor)}
          </p>
        </div>
        <a className="button secondary" href={`/community/t/${idea.id}`}>
          {t("detail.openInCommunity")}
        </a>
      </div>

      {done === "status" ? <p className="notice success">{t("detail.statusChanged")}</p> : null}
      {done === "triage" ? <p className="notice success">{t("detail.triaged")}</p> : null}
      {done === "merge" ? <p className="notice success">{t("detail.merged")}</p> : null}
      {done === "request" ? <p className="notice success">{t("detail.requestLogged")}</p> : null}

      <div className="idea-console-grid">
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading">{t("detail.statusHeading")}</h2>
          <form method="post">
            <input type="hidden" name="intent" value="status" />
            <div className="field">
              <label htmlFor="idea-new-status">{t("detail.statusLabel")}</label>
              <select id="idea-new-status" name="status" defaultValue={value("status", "status", idea.status)}>
                {SETTABLE_IDEA_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`status.${status}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="idea-note">{t("detail.noteLabel")}</label>
              <p className="hint">{t("detail.noteHint")}</p>
              <textarea id="idea-note" name="note" rows={3} maxLength={2000} defaultValue={value("status", "note")} />
            </div>
            {error("status")}
            <button type="submit">{t("detail.changeStatus")}</button>
          </form>
        </section>

        <section className="card" aria-labelledby="triage-heading">
          <h2 id="triage-heading">{t("detail.triageHeading")}</h2>
          <form method="post">
            <input type="hidden" name="intent" value="triage" />
            <div className="field">
              <label htmlFor="idea-offer">{t("detail.offerLabel")}</label>
              <select id="idea-offer" name="offer" defaultValue={value("triage", "offer", idea.offer)}>
                {IDEA_OFFER_VALUES.map((offer) => (
                  <option key={offer} value={offer}>
                    {t(`offer.${offer}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="idea-tracker">{t("detail.trackerLabel")}</label>
              <p className="hint">{t("detail.trackerHint")}</p>
              <input id="idea-tracker" name="trackerUrl" type="url" defaultValue={value("triage", "trackerUrl", idea.trackerUrl ?? "")} />
            </div>
            <div className="field">
              <label htmlFor="idea-areas">{t("detail.areasLabel")}</label>
              <p className="hint">{t("detail.areasHint")}</p>
              <input id="idea-areas" name="areas" defaultValue={value("triage", "areas", idea.areas.join(", "))} />
            </div>
            <div className="field">
              <label htmlFor="idea-owner">{t("detail.ownerLabel")}</label>
              <select id="idea-owner" name="ownerUserId" defaultValue={value("triage", "ownerUserId", idea.ownerUserId ? String(idea.ownerUserId) : "")}>
                <option value="">{t("detail.nobody")}</option>
                {staff.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
              </select>
            </div>
            {error("triage")}
            <button type="submit">{t("detail.saveTriage")}</button>
          </form>
        </section>

        <section className="card" aria-labelledby="request-heading">
          <h2 id="request-heading">{t("detail.requestHeading")}</h2>
          <p className="hint">{t("detail.requestHint")}</p>
          <form method="post">
            <input type="hidden" name="intent" value="request" />
            <div className="field">
              <label htmlFor="request-account">{t("detail.accountLabel")}</label>
              <input id="request-account" name="account" required defaultValue={value("request", "account")} />
            </div>
            <div className="field">
              <label htmlFor="request-contact">{t("detail.contactLabel")}</label>
              <input id="request-contact" name="contactEmail" type="email" defaultValue={value("request", "contactEmail")} />
            </div>
            <div className="field">
              <label htmlFor="request-quote">{t("detail.quoteLabel")}</label>
              <textarea id="request-quote" name="quote" rows={2} maxLength={2000} defaultValue={value("request", "quote")} />
            </div>
            <div className="field">
              <label htmlFor="request-importance">{t("detail.importanceLabel")}</label>
              <select id="request-importance" name="importance" defaultValue={value("request", "importance", "nice")}>
                {IDEA_IMPORTANCE_VALUES.map((importance) => (
                  <option key={importance} value={importance}>
                    {t(`importance.${importance}`)}
                  </option>
                ))}
              </select>
            </div>
            {error("request")}
            <button type="submit">{t("detail.logRequest")}</button>
          </form>
        </section>

        <section className="card" aria-labelledby="merge-heading">
          <h2 id="merge-heading">{t("detail.mergeHeading")}</h2>
          <p className="hint">{t("detail.mergeHint")}</p>
          <form method="post">
            <input type="hidden" name="intent" value="merge" />
            <div className="field">
              <label htmlFor="merge-into">{t("detail.mergeLabel")}</label>
              <input id="merge-into" name="into" required defaultValue={value("merge", "into")} />
            </div>
            {error("merge")}
            <button type="submit" className="secondary">
              {t("detail.merge")}
            </button>
          </form>
        </section>
      </div>

      <h2>{t("detail.accountsHeading")}</h2>
      {idea.accounts > accounts.length ? (
        <p className="muted">{t("detail.accountsShown", { shown: format.number(accounts.length), count: idea.accounts })}</p>
      ) : null}
      {accounts.length === 0 ? (
        <p className="muted">{t("detail.noAccounts")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr className="nowrap-head">
                <th scope="col">{t("detail.accountColumns.account")}</th>
                <th scope="col">{t("detail.accountColumns.segment")}</th>
                <th scope="col" className="num">
                  {t("detail.accountColumns.acv", { currency: reportingCurrency })}
                </th>
                <th scope="col">{t("detail.accountColumns.renewal")}</th>
                <th scope="col">{t("detail.accountColumns.why")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.accountId}>
                  <td>
                    <Link to={`/cs/accounts/${account.accountId}`}>{account.name}</Link>
                  </td>
                  <td>{t(`segment.${account.segment}`)}</td>
                  <td className="num nowrap">{account.acvReportingMinor === null ? "—" : money(account.acvReportingMinor)}</td>
                  <td className="nowrap">{account.renewalDate ? format.day(account.renewalDate) : "—"}</td>
                  <td>
                    {[
                      account.author ? t("detail.why.author") : null,
                      account.votes ? t("detail.why.votes", { count: account.votes }) : null,
                      account.requests ? t("detail.why.requests", { count: account.requests }) : null,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("detail.requestsHeading")}</h2>
      {requestCount > requests.length ? <p className="muted">{t("detail.requestsShown", { shown: format.number(shownRows), count: requestCount })}</p> : null}
      {requests.length === 0 ? (
        <p className="muted">{t("detail.noRequests")}</p>
      ) : (
        <ul className="idea-requests">
          {requests.map((row) => (
            <li key={row.id}>
              <strong>{row.accountName}</strong> {row.contactName ?? row.contactEmail ?? ""} — {t(`importance.${row.importance}`)}
              {row.quote ? <blockquote>{row.quote}</blockquote> : null}
              <span className="muted small">
                {row.source === "api" ? t("console.viaApi") : row.loggedByName} · <LocalTime value={row.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("detail.responsesHeading")}</h2>
      {responses.length === 0 ? (
        <p className="muted">{t("detail.noResponses")}</p>
      ) : (
        <ul className="idea-requests">
          {responses.map((row) => (
            <li key={row.responseId}>
              <Link to={`/cs/responses/${row.responseId}`}>
                {row.accountName} · {format.number(row.score)}
              </Link>
              {row.comment ? <blockquote>{row.comment}</blockquote> : null}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("detail.historyHeading")}</h2>
      {history.length === 0 ? (
        <p className="muted">{t("detail.noHistory")}</p>
      ) : (
        <ol className="idea-history">
          {history.map((change) => (
            <li key={change.id}>
              {t("idea.historyEntry", { from: t(`status.${change.fromStatus}`), to: t(`status.${change.status}`) })} — {change.byName ?? ""} ·{" "}
              <LocalTime value={change.createdAt} />
              <p className="flush">{change.note}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
