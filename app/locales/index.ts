import enAuth from "./en/auth";
import enCommon from "./en/common";
import enConsole from "./en/console";
import enPortal from "./en/portal";
import jaAuth from "./ja/auth";
import jaCommon from "./ja/common";
import jaConsole from "./ja/console";
import jaPortal from "./ja/portal";

export const LANGUAGES = ["en", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every namespace in every language, bundled: the strings are small and pages render offline. */
export const resources = {
  en: { common: enCommon, console: enConsole, auth: enAuth, portal: enPortal },
  ja: { common: jaCommon, console: jaConsole, auth: jaAuth, portal: jaPortal },
} as const;

export const NAMESPACES = Object.keys(resources.en) as (keyof (typeof resources)["en"])[];

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "ja";
}
