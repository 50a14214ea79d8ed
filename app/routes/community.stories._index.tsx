import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/use-format";
import { mayReadAnonymously } from "../services/community-settings.server";
import { parseStoryFilter, storyListing } from "../services/story-pages.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/community/stories`: published customer stories, filtered by `?industry=`, `?segment=` and `?productArea=` (unknown values are ignored). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { reader, scope } = await requireCommunityReadScope(request, mayReadAnonymously());
  const listing = storyListing(scope, parseStoryFilter(new URL(request.url).searchParams));
  const t = await fixedT(scope.language, "stories");
  if (!listing) throw new Response(t("list.empty"), { status: 404 });
  return { ...listing, mayWrite: reader?.viewer.kind === "contact", title: t("list.metaTitle") };
}

export default function StoryListing() {
  const { stories, choices, filter, mine, mayWrite, category } = useLoaderData<typeof loader>();
  const { t } = useTranslation("stories");
  const format = useFormat();
  const filtered = Boolean(filter.industry || filter.segment || filter.productArea);
  return (
    <div className="community-page stack">
      <nav aria-label={t("list.eyebrow")} className="breadcrumb">
        <a href="/community">{t("list.eyebrow")}</a>
      </nav>
      <section className="community-hero" aria-labelledby="stories-title">
        <div>
          <p className="eyebrow">{category.name}</p>
          <h1 id="stories-title">{t("list.title")}</h1>
          <p className="muted flush">{t("list.intro")}</p>
        </div>
        {mayWrite ? (
          <a className="button" href="/community/stories/new">
            {t("list.write")}
          </a>
        ) : null}
      </section>

      {mine.length > 0 ? (
        <section className="card" aria-labelledby="my-stories">
          <h2 id="my-stories">{t("list.mine")}</h2>
          <p className="muted small">{t("list.mineIntro")}</p>
          <ul className="story-mine" role="list">
            {mine.map((story) => (
              <li key={story.id}>
                <a href={`/community/stories/${story.id}`}>{story.title}</a>{" "}
                <span className={`badge story-status-${story.status}`}>{t(`status.${story.status}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <form method="get" action="/community/stories" className="story-filters card" aria-label={t("list.filters")}>
        <div className="field">
          <label htmlFor="filter-industry">{t("list.industry")}</label>
          <select id="filter-industry" name="industry" defaultValue={filter.industry ?? ""}>
            <option value="">{t("list.all")}</option>
            {choices.industries.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-segment">{t("list.segment")}</label>
          <select id="filter-segment" name="segment" defaultValue={filter.segment ?? ""}>
            <option value="">{t("list.all")}</option>
            {(["high", "low", "tech"] as const).map((value) => (
              <option key={value} value={value}>
                {t(`segment.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-product">{t("list.productArea")}</label>
          <select id="filter-product" name="productArea" defaultValue={filter.productArea ?? ""}>
            <option value="">{t("list.all")}</option>
            {choices.productAreas.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="story-filter-actions">
          <button type="submit">{t("list.apply")}</button>
          {filtered ? <a href="/community/stories">{t("list.clear")}</a> : null}
        </div>
      </form>

      {stories.length === 0 ? (
        <p className="muted">{filtered ? t("list.emptyFiltered") : t("list.empty")}</p>
      ) : (
        <ul className="story-grid" role="list">
          {stories.map((story) => (
            <li key={story.id} className="story-card card">
              <p className="story-company">
                {story.company ? (
                  <>
                    <span className="story-mark" aria-hidden="true">
                      {story.company.monogram}
                    </span>
                    <strong>{story.company.name}</strong>
                  </>
                ) : (
                  <span className="muted">{t("list.anonymous", { industry: story.industry })}</span>
                )}
              </p>
              <h2 className="story-card-title">
                <a href={`/community/stories/${story.id}`} lang={story.language}>
                  {story.title}
                </a>
              </h2>
              {story.quote ? (
                <blockquote className="story-card-quote" lang={story.language}>
                  {story.quote}
                </blockquote>
              ) : null}
              <p className="story-tags small">
                <span className="badge">{story.industry}</span> <span className="badge">{t(`segment.${story.segment}`)}</span>
                {story.productArea ? <span className="badge">{story.productArea}</span> : null}
              </p>
              {story.publishedAt ? <p className="muted small flush">{t("list.publishedOn", { day: format.date(story.publishedAt) })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
