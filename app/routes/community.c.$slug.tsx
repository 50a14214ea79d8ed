import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CategoryDot, ListPager, TopicList } from "../components/community";
import { WatchLevelForm } from "../components/community-watch-form";
import { categoryPage, parseCursor, type SolvedFilter } from "../services/community-lists.server";
import { ideaBoard } from "../services/idea-board.server";
import { IdeaBoardSection } from "../components/idea-board";
import { watchLevelOfCategory } from "../services/community-preferences.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { mayReadAnonymously } from "../services/community-settings.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const FILTERS = ["all", "solved", "unsolved"] as const satisfies readonly SolvedFilter[];

/** A category's topics; `?solved=yes|no` filters a Q&A category; `?after=` continues the list (deep pages cost what the first does). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // The events category holds user-group events, which have pages of their own.
  if (params.slug === "events") throw redirect("/community/events");
  // Signed-out visitors read too when the admin lets everyone read.
  const { scope: reader } = await requireCommunityReadScope(request, mayReadAnonymously());
  const url = new URL(request.url);
  const solved = url.searchParams.get("solved");
  const filter: SolvedFilter = solved === "yes" ? "solved" : solved === "no" ? "unsolved" : "all";
  const page = categoryPage(reader, params.slug ?? "", filter, parseCursor(url.searchParams.get("after"), "latest"));
  const t = await fixedT(reader.language, ["community", "common"]);
  if (!page) throw new Response(t("common:notFound.title"), { status: 404 });
  // stories: a use-case category's stories have their own listing, with its filters.
  if (page.category.kind === "use_cases") throw redirect("/community/stories", 302);
  return {
    ...page,
    // A visitor has nothing to watch with: the form is a member's.
    watchLevel: reader.memberId === null ? null : watchLevelOfCategory(reader, page.categoryId),
    continued: url.searchParams.has("after"),
    // An ideas category is a board: its own orders, status filter and vote counts.
    board: page.category.kind === "ideas" ? ideaBoard(reader, page.categoryId, url.searchParams) : null,
    title: t("category.metaTitle", { name: page.category.name }),
  };
}

export default function CommunityCategory() {
  const { category, categoryId, watchLevel, mayStartTopic, filter, pinned, topics, next, continued, board } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  const base = `/community/c/${category.slug}`;
  const filterHref = (name: SolvedFilter) => (name === "all" ? base : `${base}?solved=${name === "solved" ? "yes" : "no"}`);
  const here = filterHref(filter);
  return (
    <div className="community-page stack">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <a href="/community">{t("nav.home")}</a>
      </nav>
      <section className="community-hero" aria-labelledby="category-title">
        <div>
          <h1 id="category-title" className="category-title">
            <CategoryDot colour={category.colour} size={16} />
            {category.name}
          </h1>
          <p className="muted flush">{category.description}</p>
          <p className="category-notes">
            {category.kind === "qa" ? <span>{t("category.qa")}</span> : null}
            {category.staffOnlyTopics ? <span>{t("category.staffOnly")}</span> : null}
            {category.restricted ? <span className="badge info">{t("category.restricted")}</span> : null}
          </p>
          {watchLevel ? <WatchLevelForm target="category" id={categoryId} level={watchLevel} redirectTo={here} /> : null}
        </div>
        {mayStartTopic ? (
          <a className="button" href={`/community/new?category=${category.slug}`}>
            {t("category.newTopicHere", { name: category.name })}
          </a>
        ) : null}
      </section>

      {board ? <IdeaBoardSection board={board} base={`/community/c/${category.slug}`} pinned={pinned} /> : null}

      <section aria-labelledby="category-topics" hidden={board !== null}>
        <h2 id="category-topics" className="visually-hidden">
          {t("home.tabsLabel")}
        </h2>
        {category.kind === "qa" ? (
          <nav className="tab-links" aria-label={t("category.filterLabel")}>
            {FILTERS.map((name) => (
              <a key={name} href={filterHref(name)} aria-current={name === filter ? "page" : undefined}>
                {t(`category.filters.${name}`)}
              </a>
            ))}
          </nav>
        ) : null}
        {pinned.length > 0 ? <TopicList topics={pinned} showCategory={false} /> : null}
        {topics.length > 0 ? <TopicList topics={topics} showCategory={false} /> : <p className="empty-state">{t("category.empty")}</p>}
        <ListPager next={next ? `${here}${here.includes("?") ? "&" : "?"}after=${next}` : null} first={continued ? here : null} />
      </section>
    </div>
  );
}
