import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useMatches } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { useFormat } from "../components/use-format";
import { CommunitySearchParams, searchParamsObject } from "../domain/community-search";
import { searchCommunity } from "../services/community-search.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { mayReadAnonymously } from "../services/community-settings.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

// A GET form and links: the search works with JavaScript off.
export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }, { name: "robots", content: "noindex" }];

/** `?q=` and the filters (`category`, `solved`, `author`, `from`, `to`, `page`); a malformed filter is ignored, never an error. */
export async function loader({ request }: LoaderFunctionArgs) {
  // Signed-out visitors read too when the admin lets everyone read.
  const { scope: reader } = await requireCommunityReadScope(request, mayReadAnonymously());
  const params = CommunitySearchParams.parse(searchParamsObject(new URL(request.url).searchParams));
  const outcome = searchCommunity(reader, params);
  const t = await fixedT(reader.language, "communitySearch");
  return {
    language: reader.language,
    staff: reader.staff,
    params,
    ...outcome,
    results: outcome.results.map((result) => ({ ...result, postedAt: result.postedAt.getTime() })),
    title: params.q ? t("metaTitleFor", { q: params.q }) : t("metaTitle"),
  };
}

function pageHref(params: CommunitySearchParams, page: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, page: page > 1 ? String(page) : undefined })) {
    if (value !== undefined && value !== "" && key !== "page") query.set(key, String(value));
  }
  if (page > 1) query.set("page", String(page));
  return `/community/search?${query.toString()}`;
}

function SearchPage() {
  const data = useLoaderData<typeof loader>();
  const { params, results } = data;
  const { t, i18n } = useTranslation("communitySearch");
  const format = useFormat();
  const ja = i18n.language === "ja";
  const filtered = Boolean(params.category || params.solved || params.author || params.from || params.to);
  return (
    <div className="community-page community-search stack">
      <h1 id="search-title">{t("heading")}</h1>
      <form method="get" action="/community/search" role="search" aria-labelledby="search-title" className="community-search-form stack">
        <div className="community-search-bar">
          <label htmlFor="search-q" className="visually-hidden">
            {t("label")}
          </label>
          <input id="search-q" type="search" name="q" defaultValue={params.q} placeholder={t("placeholder")} maxLength={200} autoComplete="off" />
          <button type="submit">{t("submit")}</button>
        </div>
        <details className="community-search-filters" open={filtered}>
          <summary>{t("filters")}</summary>
          <div className="community-search-filter-grid">
            <label>
              {t("category")}
              <select name="category" defaultValue={params.category ?? ""}>
                <option value="">{t("anyCategory")}</option>
                {data.categories.map((category) => (
                  <option key={category.slug} value={category.slug}>
                    {ja ? category.nameJa : category.nameEn}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("status")}
              <select name="solved" defaultValue={params.solved ?? ""}>
                <option value="">{t("anyStatus")}</option>
                <option value="solved">{t("solved")}</option>
                <option value="unsolved">{t("unsolved")}</option>
              </select>
            </label>
            <label>
              {t("author")}
              <input type="text" name="author" defaultValue={params.author ?? ""} placeholder={t("authorHint")} maxLength={41} />
            </label>
            <label>
              {t("from")}
              <input type="date" name="from" defaultValue={params.from ?? ""} />
            </label>
            <label>
              {t("to")}
              <input type="date" name="to" defaultValue={params.to ?? ""} />
            </label>
          </div>
          <p className="community-search-filter-actions">
            <button type="submit" className="secondary">
              {t("apply")}
            </button>{" "}
            {filtered ? <a href={pageHref({ q: params.q, page: 1 }, 1)}>{t("clear")}</a> : null}
          </p>
        </details>
      </form>

      {!data.searched ? (
        <section className="card" aria-labelledby="search-empty">
          <h2 id="search-empty">{t("emptyTitle")}</h2>
          <p className="muted flush">{t("emptyHelp")}</p>
        </section>
      ) : (
        <section aria-labelledby="search-results" className="stack">
          <h2 id="search-results" className="community-search-count">
            {t("results", { count: data.total })}
          </h2>
          {data.titleOnly ? <p className="muted">{t("titleOnly")}</p> : null}
          {data.capped ? <p className="muted">{t("capped")}</p> : null}
          {data.unknownAuthor ? <p className="notice">{t("unknownAuthor", { author: params.author })}</p> : null}
          {results.length === 0 ? (
            <div className="card">
              <p className="flush">{t("noResults", { q: params.q })}</p>
              <p className="muted">{t("noResultsHelp")}</p>
              <a className="button" href="/community/new">
                {t("askQuestion")}
              </a>
            </div>
          ) : (
            <ol className="community-search-results">
              {results.map((result) => (
                <li key={result.id} className="community-search-result">
                  <h3>
                    {/* Escaped by the service before the matches were marked: only <mark> is markup here. */}
                    <a href={result.url} dangerouslySetInnerHTML={{ __html: result.titleHtml }} />
                  </h3>
                  <p className="community-search-meta muted">
                    {ja ? result.category.nameJa : result.category.nameEn}
                    {result.solved ? <span className="badge">{t("solvedBadge")}</span> : null}
                    <span>{t("replies", { count: result.replyCount })}</span>
                  </p>
                  <p className="community-search-snippet">
                    {result.inReply ? <span className="community-search-in-reply">{t("inReply")} · </span> : null}
                    <span dangerouslySetInnerHTML={{ __html: result.snippetHtml }} />
                  </p>
                  <p className="community-search-meta muted">
                    {t("by", { name: result.authorName })} ·{" "}
                    <time dateTime={new Date(result.postedAt).toISOString()}>{format.date(new Date(result.postedAt))}</time>
                  </p>
                </li>
              ))}
            </ol>
          )}
          {data.pageCount > 1 ? (
            <nav className="community-search-pager" aria-label={t("pages")}>
              {data.page > 1 ? (
                <a href={pageHref(params, data.page - 1)} rel="prev">
                  {t("previous")}
                </a>
              ) : null}
              <span>{t("pageOf", { page: data.page, count: data.pageCount })}</span>
              {data.page < data.pageCount ? (
                <a href={pageHref(params, data.page + 1)} rel="next">
                  {t("next")}
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      )}
    </div>
  );
}

/**
 * Nested in the community's layout (`community.tsx`) when there is one, which brings the
 * customer header; on its own otherwise.
 */
export default function CommunitySearch() {
  const nested = useMatches().some((match) => match.id === "routes/community");
  const { staff } = useLoaderData<typeof loader>();
  return nested ? (
    <SearchPage />
  ) : (
    <CustomerShell signedIn={!staff}>
      <SearchPage />
    </CustomerShell>
  );
}
