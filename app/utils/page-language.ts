import { isLanguage, type Language } from "../locales";

/**
 * The language a page renders in: the deepest route that knows whose page it is (a sign-in
 * link, a survey) returns `language` from its loader and wins; the root's choice is the fallback.
 */
export function pageLanguage(loaderData: unknown[]): Language {
  for (let i = loaderData.length - 1; i >= 0; i--) {
    const data = loaderData[i];
    if (data && typeof data === "object" && "language" in data && isLanguage(data.language)) return data.language;
  }
  return "en";
}
