import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "./use-format";

/** The current URL's query string with some parameters changed; `undefined` removes one. */
export function withParams(search: string, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** Whole numbers as "2,000": one formatter reused (`toLocaleString` builds a new one on every call). */
const wholeNumber = new Intl.NumberFormat("en");

/** "1 account", "2,000 accounts". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${wholeNumber.format(count)} ${count === 1 ? singular : plural}`;
}

/**
 * "51–100 of 2,000 accounts" (全 2,000 件中 51–100 件) with previous and next links that keep every
 * filter. `noun` is the list's plural noun in the reader's language.
 */
export function Pager({ page, pageSize, total, noun }: { page: number; pageSize: number; total: number; noun: string }) {
  const { search } = useLocation();
  const { t } = useTranslation("console");
  const format = useFormat();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  // English counts its noun ("1 account"); the caller's noun is the plural.
  const counted = total === 1 && format.language === "en" ? noun.replace(/s$/, "") : noun;
  return (
    <nav className="pager" aria-label={t("terms.list.pages", { noun })}>
      <span className="muted pager-summary">
        {total === 0
          ? t("terms.list.none", { noun })
          : t("terms.list.range", { first: format.number(first), last: format.number(last), total: format.number(total), noun: counted })}
        {pages > 1 ? t("terms.list.page", { page: format.number(page), pages: format.number(pages) }) : ""}
      </span>
      {page > 1 ? (
        <Link
          className="button secondary small"
          rel="prev"
          to={withParams(search, { page: Math.min(page - 1, pages) === 1 ? undefined : Math.min(page - 1, pages) })}
        >
          {t("terms.list.previous")}
        </Link>
      ) : null}
      {page < pages ? (
        <Link className="button secondary small" rel="next" to={withParams(search, { page: page + 1 })}>
          {t("terms.list.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/**
 * Keyset pages (an opaque `after` position, no page numbers): how many rows this page holds, a
 * link back to the first page and one to the next, keeping every filter.
 */
export function KeysetPager({ shown, pageSize, next, noun, label }: { shown: number; pageSize: number; next: string | null; noun: string; label: string }) {
  const { search } = useLocation();
  const onFirstPage = !new URLSearchParams(search).has("after");
  return (
    <nav className="pager" aria-label={label}>
      <span className="muted pager-summary">{shown > 0 ? `${countOf(shown, noun)} on this page (up to ${pageSize})` : ""}</span>
      {onFirstPage ? null : (
        <Link className="button secondary small" to={withParams(search, { after: undefined })}>
          ← First page
        </Link>
      )}
      {next ? (
        <Link className="button secondary small" rel="next" to={withParams(search, { after: next })}>
          Next page →
        </Link>
      ) : null}
    </nav>
  );
}
