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

/** "1 account", "2,000 accounts", in English (pages in the reader's language use `useCountOf`). */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${wholeNumber.format(count)} ${count === 1 ? singular : plural}`;
}

/** The kinds of rows the console counts in words of its own (`console.shared.counts`). */
export const COUNTED_NOUNS = ["account", "contact", "case", "response", "campaign", "tag"] as const;
export type CountedNoun = (typeof COUNTED_NOUNS)[number];

/** A noun as the list pages pass it ("accounts", "case") as one the strings know, or null. */
export function countedNoun(noun: string): CountedNoun | null {
  const singular = noun.replace(/s$/, "");
  return (COUNTED_NOUNS as readonly string[]).includes(singular) ? (singular as CountedNoun) : null;
}

/** "2,000 accounts" / "2,000 件のアカウント": a count with its noun, plural by the reader's language's rules. */
export function useCountOf(): (count: number, noun: CountedNoun) => string {
  const { t } = useTranslation("console");
  return (count, noun) => t(`shared.counts.${noun}`, { count });
}

/**
 * "51–100 of 2,000" with previous and next links that keep every filter. `noun` is plural; one of
 * `COUNTED_NOUNS` is worded from the console's own counts, any other is given in the reader's language.
 */
export function Pager({ page, pageSize, total, noun }: { page: number; pageSize: number; total: number; noun: string }) {
  const { search } = useLocation();
  const { t } = useTranslation("console");
  const format = useFormat();
  const { number } = format;
  const known = countedNoun(noun);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  // A noun the strings do not count comes in the reader's language; English counts it ("1 account").
  const counted = total === 1 && format.language === "en" ? noun.replace(/s$/, "") : noun;
  const summary = known
    ? total === 0
      ? t("shared.pager.none", { nouns: t(`shared.nouns.${known}`) })
      : t("shared.pager.summary", {
          first: number(first),
          last: number(last),
          total: t(`shared.counts.${known}`, { count: total }),
          totalNumber: number(total),
        })
    : total === 0
      ? t("terms.list.none", { noun })
      : t("terms.list.range", { first: number(first), last: number(last), total: number(total), noun: counted });
  const pageOf = known
    ? t("shared.pager.page", { page: number(page), pages: number(pages) })
    : t("terms.list.page", { page: number(page), pages: number(pages) });
  return (
    <nav className="pager" aria-label={known ? t(`shared.pagerLabel.${known}`) : t("terms.list.pages", { noun })}>
      <span className="muted pager-summary">
        {summary}
        {pages > 1 ? pageOf : ""}
      </span>
      {page > 1 ? (
        <Link
          className="button secondary small"
          rel="prev"
          to={withParams(search, { page: Math.min(page - 1, pages) === 1 ? undefined : Math.min(page - 1, pages) })}
        >
          {t("shared.pager.previous")}
        </Link>
      ) : null}
      {page < pages ? (
        <Link className="button secondary small" rel="next" to={withParams(search, { page: page + 1 })}>
          {t("shared.pager.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/**
 * Keyset pages (an opaque `after` position, no page numbers): how many rows this page holds, a
 * link back to the first page and one to the next, keeping every filter. For one of
 * `COUNTED_NOUNS` the summary and the landmark's name are in the reader's language (`label` then
 * only names a noun the strings do not know).
 */
export function KeysetPager({ shown, pageSize, next, noun, label }: { shown: number; pageSize: number; next: string | null; noun: string; label?: string }) {
  const { search } = useLocation();
  const { t } = useTranslation("console");
  const { number } = useFormat();
  const known = countedNoun(noun);
  const onFirstPage = !new URLSearchParams(search).has("after");
  const summary =
    shown === 0
      ? ""
      : known
        ? t("shared.pager.onThisPage", { shown: t(`shared.counts.${known}`, { count: shown }), shownNumber: number(shown), pageSize: number(pageSize) })
        : `${countOf(shown, noun)} on this page (up to ${pageSize})`;
  return (
    <nav className="pager" aria-label={known ? t(`shared.pagerLabel.${known}`) : (label ?? `${noun} pages`)}>
      <span className="muted pager-summary">{summary}</span>
      {onFirstPage ? null : (
        <Link className="button secondary small" to={withParams(search, { after: undefined })}>
          {known ? t("shared.pager.firstPage") : "← First page"}
        </Link>
      )}
      {next ? (
        <Link className="button secondary small" rel="next" to={withParams(search, { after: next })}>
          {known ? t("shared.pager.nextPage") : "Next page →"}
        </Link>
      ) : null}
    </nav>
  );
}
