import enAuth from "./en/auth";
import enCommon from "./en/common";
import enConsole from "./en/console";
import enEmail from "./en/email";
import enPortal from "./en/portal";
import enSurvey from "./en/survey";
import jaAuth from "./ja/auth";
import jaCommon from "./ja/common";
import jaConsole from "./ja/console";
import jaEmail from "./ja/email";
import jaPortal from "./ja/portal";
import jaSurvey from "./ja/survey";

export const LANGUAGES = ["en", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every namespace in every language, bundled: the strings are small and pages render offline. */
export const resources = {
  en: { common: enCommon, console: enConsole, auth: enAuth, portal: enPortal, email: enEmail, survey: enSurvey },
  ja: { common: jaCommon, console: jaConsole, auth: jaAuth, portal: jaPortal, email: jaEmail, survey: jaSurvey },
} as const;

export const NAMESPACES = Object.keys(resources.en) as (keyof (typeof resources)["en"])[];

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "ja";
}
