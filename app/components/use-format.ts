import { createContext, useContext, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { createFormatter, type Formatter } from "../domain/format";
import { isLanguage } from "../locales";

/** The team's time zone; the console layout provides it from the settings. Outside the console, UTC. */
export const TeamTimeZone = createContext("UTC");

/** The reader's formats: their language's conventions, on the team's clock. */
export function useFormat(): Formatter {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "en";
  const timeZone = useContext(TeamTimeZone);
  return useMemo(() => createFormatter(language, timeZone), [language, timeZone]);
}
