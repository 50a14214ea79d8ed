import type { HeadersFunction, MetaFunction } from "@remix-run/node";

/**
 * Pages whose URL carries a credential (a survey, unsubscribe or sign-in token): never cached,
 * never indexed, no Referer to other sites. `same-origin` rather than `no-referrer`, because with
 * `no-referrer` browsers send `Origin: null` on the page's own form posts and Remix refuses them.
 */
export const PRIVATE_PAGE_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "same-origin" };

/** Route `headers`: the private-page headers, then whatever the action or loader added (e.g. Retry-After). */
export const privatePageHeaders: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const merged = new Headers(PRIVATE_PAGE_HEADERS);
  actionHeaders.forEach((value, key) => merged.set(key, value));
  loaderHeaders.forEach((value, key) => merged.set(key, value));
  return merged;
};

/** Route `meta` for a private page titled by its loader. */
export const privatePageMeta: MetaFunction = ({ data }) => [
  { title: (data as { title?: string } | undefined)?.title ?? "Kizuna" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];
