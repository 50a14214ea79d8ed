import { useTranslation } from "react-i18next";
import { useFormat } from "./use-format";

/*
 * The ideas' pieces shared by the community pages (which hydrate no React: plain HTML forms) and
 * the console: the status badge, the board's rows, an idea's panel on its topic page.
 */

const STATUS_TONE: Record<string, string> = {
  new: "",
  under_review: "info",
  planned: "info",
  in_progress: "warn",
  shipped: "good",
  declined: "bad",
  duplicate: "",
};

export function IdeaStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("ideas");
  return <span className={`badge idea-status ${STATUS_TONE[status] ?? ""}`.trim()}>{t(`status.${status}`)}</span>;
}

export type IdeaListItem = {
  id: number;
  title: string;
  path: string;
  status: string;
  votes: number;
  replies: number;
  areas: string[];
  offer: string;
  voted: boolean;
  asking: { accounts: number; arrMinor: number; high: number; low: number; tech: number; renewingMinor: number | null } | null;
};

/** The board's rows: votes first (as Canny's boards), the title, status and areas; staff see the revenue asking. */
export function IdeaList({ ideas, currency }: { ideas: IdeaListItem[]; currency: string | null }) {
  const { t } = useTranslation("ideas");
  const format = useFormat();
  return (
    <ul className="idea-list" role="list">
      {ideas.map((idea) => (
        <li key={idea.id} className="idea-row">
          <div className={idea.voted ? "idea-votes is-voted" : "idea-votes"}>
            <strong>{format.number(idea.votes)}</strong>
            <span className="muted small">{t("idea.votesLabel")}</span>
          </div>
          <div className="idea-main">
            <a className="topic-title" href={idea.path}>
              {idea.title}
            </a>
            <div className="topic-meta">
              <IdeaStatusBadge status={idea.status} />
              {idea.offer !== "included" ? <span className="badge">{t(`offer.${idea.offer}`)}</span> : null}
              {idea.areas.map((area) => (
                <span key={area} className="idea-area">
                  {area}
                </span>
              ))}
              <span className="muted">{t("board.replies", { count: idea.replies })}</span>
            </div>
          </div>
          {idea.asking && currency ? (
            <div className="idea-asking">
              <strong>{format.money(idea.asking.arrMinor, currency)}</strong>
              <span className="muted small">{t("board.accounts", { count: idea.asking.accounts })}</span>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

type Panel = {
  id: number;
  status: string;
  problem: string;
  offer: string;
  areas: string[];
  votes: number;
  vote: "vote" | "unvote" | "closed" | "signIn" | "staff";
  history: { id: number; from: string; to: string; html: string; by: string | null; createdAt: string }[];
  staff: {
    accounts: number;
    arrMinor: number;
    segments: { high: number; low: number; tech: number };
    renewingMinor: number;
    trackerUrl: string | null;
    owner: string | null;
    reportingCurrency: string;
    consoleHref: string;
  } | null;
};

/** An idea's panel on its topic page: the vote button (a form posting to the page), status, problem, history; the team's figures for staff. */
export function IdeaPanelView({ idea, path }: { idea: Panel; path: string }) {
  const { t } = useTranslation("ideas");
  const format = useFormat();
  return (
    <section className="card idea-panel" aria-labelledby="idea-vote">
      <div className="idea-panel-head">
        <div className="idea-votes big">
          <strong id="idea-vote">{format.number(idea.votes)}</strong>
          <span className="muted small">{t("idea.votesLabel")}</span>
        </div>
        <div className="idea-panel-status">
          <p className="topic-meta flush">
            <IdeaStatusBadge status={idea.status} />
            {idea.offer !== "included" ? <span className="badge">{t(`offer.${idea.offer}`)}</span> : null}
            {idea.areas.map((area) => (
              <span key={area} className="idea-area">
                {area}
              </span>
            ))}
          </p>
          {idea.vote === "vote" || idea.vote === "unvote" ? (
            <form method="post" action={path} className="idea-vote-form">
              <input type="hidden" name="intent" value={idea.vote} />
              {idea.vote === "unvote" ? <span className="muted">{t("idea.voted")}</span> : null}
              <button type="submit" className={idea.vote === "unvote" ? "secondary" : undefined}>
                {idea.vote === "vote" ? t("idea.voteButton") : t("idea.unvoteButton")}
              </button>
            </form>
          ) : idea.vote === "signIn" ? (
            <a className="button" href={`/login?redirectTo=${encodeURIComponent(path)}`}>
              {t("idea.signInToVote")}
            </a>
          ) : idea.vote === "staff" ? (
            <p className="muted flush">{t("idea.staffNoVote")}</p>
          ) : (
            <p className="muted flush">{t("idea.closed")}</p>
          )}
        </div>
      </div>
      {idea.problem ? (
        <div>
          <h2 className="h3">{t("idea.problemHeading")}</h2>
          <p className="idea-problem">{idea.problem}</p>
        </div>
      ) : null}
      {idea.history.length > 0 ? (
        <div>
          <h2 className="h3">{t("idea.historyHeading")}</h2>
          <ol className="idea-history" role="list">
            {idea.history.map((change) => (
              <li key={change.id}>
                <p className="flush">
                  <IdeaStatusBadge status={change.to} /> <span className="muted">{format.date(change.createdAt)}</span>
                  {change.by ? <span className="muted"> · {t("idea.historyBy", { name: change.by })}</span> : null}
                </p>
                <div className="post-body" dangerouslySetInnerHTML={{ __html: change.html }} />
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {idea.staff ? (
        <div className="idea-staff">
          <h2 className="h3">{t("idea.staffHeading")}</h2>
          <dl className="idea-facts">
            <div>
              <dt>{t("idea.staffArr")}</dt>
              <dd>{format.money(idea.staff.arrMinor, idea.staff.reportingCurrency)}</dd>
            </div>
            <div>
              <dt>{t("idea.staffAccounts")}</dt>
              <dd>{format.number(idea.staff.accounts)}</dd>
            </div>
            <div>
              <dt>{t("idea.staffSegments")}</dt>
              <dd>
                {t("segment.high")} {format.number(idea.staff.segments.high)} · {t("segment.low")} {format.number(idea.staff.segments.low)} ·{" "}
                {t("segment.tech")} {format.number(idea.staff.segments.tech)}
              </dd>
            </div>
            <div>
              <dt>{t("idea.staffRenewing")}</dt>
              <dd>{format.money(idea.staff.renewingMinor, idea.staff.reportingCurrency)}</dd>
            </div>
            {idea.staff.owner ? (
              <div>
                <dt>{t("idea.staffOwner")}</dt>
                <dd>{idea.staff.owner}</dd>
              </div>
            ) : null}
            {idea.staff.trackerUrl ? (
              <div>
                <dt>{t("idea.staffTracker")}</dt>
                <dd>
                  <a href={idea.staff.trackerUrl} rel="noopener noreferrer">
                    {idea.staff.trackerUrl}
                  </a>
                </dd>
              </div>
            ) : null}
          </dl>
          <a href={idea.staff.consoleHref}>{t("idea.staffOpen")}</a>
        </div>
      ) : null}
    </section>
  );
}
