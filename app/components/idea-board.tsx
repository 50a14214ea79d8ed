import { useTranslation } from "react-i18next";
import { ListPager, TopicList } from "./community";
import { IdeaList, type IdeaListItem } from "./ideas";
import type { TopicItem } from "../services/community-lists.server";

const STATUS_FILTERS = ["open", "all", "new", "under_review", "planned", "in_progress", "shipped", "declined"] as const;

type Board = { sort: string; sorts: readonly string[]; status: string; ideas: IdeaListItem[]; next: string | null; reportingCurrency: string | null };

/** The board of an ideas category: orders as links, a status filter (a GET form, JS off), the ideas, the next page. */
export function IdeaBoardSection({ board, base, pinned }: { board: Board; base: string; pinned: TopicItem[] }) {
  const { t } = useTranslation("ideas");
  const query = (sort: string, status: string) => {
    const params = new URLSearchParams();
    params.set("sort", sort);
    if (status !== "open") params.set("status", status);
    return `${base}?${params}`;
  };
  const here = query(board.sort, board.status);
  return (
    <section aria-labelledby="idea-board" className="stack">
      <h2 id="idea-board" className="visually-hidden">
        {t("board.sortLabel")}
      </h2>
      <div className="idea-board-bar">
        <nav className="tab-links" aria-label={t("board.sortLabel")}>
          {board.sorts.map((sort) => (
            <a key={sort} href={query(sort, board.status)} aria-current={sort === board.sort ? "page" : undefined}>
              {t(`sort.${sort}`)}
            </a>
          ))}
        </nav>
        <form method="get" action={base} className="idea-status-filter">
          <input type="hidden" name="sort" value={board.sort} />
          <label htmlFor="idea-status">{t("board.statusLabel")}</label>
          <select id="idea-status" name="status" defaultValue={board.status}>
            {STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {status === "open" ? t("board.open") : status === "all" ? t("board.allOpen") : t(`status.${status}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary small">
            {t("board.filter")}
          </button>
        </form>
        <p className="idea-board-links">
          <a href="/community/roadmap">{t("board.roadmap")}</a> · <a href="/community/changelog">{t("board.changelog")}</a>
        </p>
      </div>
      {board.sort === "arr" ? <p className="muted small flush">{t("board.staffOnly")}</p> : null}
      {pinned.length > 0 ? <TopicList topics={pinned} showCategory={false} /> : null}
      {board.ideas.length > 0 ? <IdeaList ideas={board.ideas} currency={board.reportingCurrency} /> : <p className="empty-state">{t("board.empty")}</p>}
      <ListPager next={board.next ? `${here}&after=${board.next}` : null} first={null} />
    </section>
  );
}
