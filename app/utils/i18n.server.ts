import { createCookie } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { i18nConfig } from "../i18n";
import { isLanguage, type Language } from "../locales";

/** The language a visitor picked with the switcher; a preference, not a session. */
export const languageCookie = createCookie("kizuna_lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

const fromHeader = new RemixI18Next({
  detection: { supportedLanguages: ["en", "ja"], fallbackLanguage: "en", order: ["header"] },
});

/** The browser's preferred language (Accept-Language), among the ones Kizuna speaks; English otherwise. */
export async function browserLanguage(request: Request): Promise<Language> {
  const detected = await fromHeader.getLocale(request);
  return isLanguage(detected) ? detected : "en";
}

/**
 * Customer-facing language: the switcher's choice, then the contact's own locale, then
 * the browser's Accept-Language, then English.
 */
export async function resolveLanguage(request: Request, contactLocale?: string | null): Promise<Language> {
  const chosen = await languageCookie.parse(request.headers.get("Cookie"));
  if (isLanguage(chosen)) return chosen;
  if (isLanguage(contactLocale)) return contactLocale;
  return browserLanguage(request);
}

const instances = new Map<Language, TFunction>();

/** A translation function for server code (meta titles, emails, error messages). */
export async function fixedT(language: Language, ns: string | string[] = "common"): Promise<TFunction> {
  let t = instances.get(language);
  if (!t) {
    const instance = createInstance();
    await instance.init({ ...i18nConfig, lng: language, ns: [...i18nConfig.ns] });
    t = instance.t;
    instances.set(language, t);
  }
  return typeof ns === "string" ? (((key: string, opts?: object) => t!(key, { ns, ...opts })) as TFunction) : t;
}
