import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CategoryDot, ListPager, TopicList } from "../components/community";
import type { TopicTab } from "../models/community-topic.server";
import { communityHome, parseCursor } from "../services/community-lists.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { mayReadAnonymously } from "../services/community-settings.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const TABS = ["latest", "top", "unsolved"] as const satisfies readonly TopicTab[];

/** `?tab=` picks the list (anything else is the latest); `?after=` continues it where the previous page stopped. */
export async function loader({ request }: LoaderFunctionArgs) {
  // Signed-out visitors read too when the admin lets everyone read.
  const { scope: reader } = await requireCommunityReadScope(request, mayReadAnonymously());
  const url = new URL(request.url);
  const tab = TABS.find((candidate) => candidate === url.searchParams.get("tab")) ?? "latest";
  const home = communityHome(reader, tab, parseCursor(url.searchParams.get("after"), tab));
  const t = await fixedT(reader.language, "community");
  return { ...home, tab, continued: url.searchParams.has("after"), title: t("home.metaTitle") };
}

export default function CommunityHome() {
  const { categories, pinned, topics, next, tab, continued } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  const tabHref = (name: TopicTab) => (name === "latest" ? "/community" : `/community?tab=${name}`);
  return (
    <div className="community-page stack">
      <section className="community-hero" aria-labelledby="community-title">
        <div>
          <p className="eyebrow">{t("home.eyebrow")}</p>
          <h1 id="community-title">{t("home.title")}</h1>
          <p className="muted flush">{t("home.intro")}</p>
        </div>
      </section>

      <section aria-labelledby="community-categories">
        <h2 id="community-categories">{t("home.categories")}</h2>
        <ul className="category-grid" role="list">
          {categories.map((category) => (
            <li key={category.slug}>
              <a className="category-tile" href={`/community/c/${category.slug}`}>
                <span className="category-tile-name">
                  <CategoryDot colour={category.colour} size={12} />
                  {category.name}
                </span>
                <span className="category-tile-description">{category.description}</span>
                <span className="category-tile-counts">
                  {t("home.topics", { count: category.topicCount })} · {t("home.posts", { count: category.postCount })}
                  {category.restricted ? <span className="badge info">{t("category.restricted")}</span> : null}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="community-topics">
        <h2 id="community-topics" className="visually-hidden">
          {t("home.tabsLabel")}
        </h2>
        <nav className="tab-links" aria-label={t("home.tabsLabel")}>
          {TABS.map((name) => (
            <a key={name} href={tabHref(name)} aria-current={name === tab ? "page" : undefined}>
              {t(`home.tabs.${name}`)}
            </a>
          ))}
        </nav>
        {pinned.length > 0 ? <TopicList topics={pinned} /> : null}
        {topics.length > 0 ? <TopicList topics={topics} /> : <p className="empty-state">{t(tab === "unsolved" ? "home.emptyUnsolved" : "home.empty")}</p>}
        <ListPager next={next ? `${tab === "latest" ? "/community?" : `/community?tab=${tab}&`}after=${next}` : null} first={continued ? tabHref(tab) : null} />
      </section>
    </div>
  );
}
