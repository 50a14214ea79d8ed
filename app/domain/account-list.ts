/** The orders the account list offers (the page's query schema reads them in the browser too). */
export const ACCOUNT_SORTS = ["name", "acv", "renewal"] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
