import { NAMESPACES, resources } from "./locales";

/** Options shared by the server and browser i18next instances. */
export const i18nConfig = {
  supportedLngs: ["en", "ja"],
  fallbackLng: "en",
  defaultNS: "common",
  ns: NAMESPACES,
  resources,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
} as const;
