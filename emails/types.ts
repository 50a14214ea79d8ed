import type { ReactElement } from "react";
import type { Language } from "../app/locales";

export type EmailLocale = Language;

/**
 * Looks up a string in the `email` namespace for the email's language, with interpolation
 * (`{{name}}`) and plurals (`count`). Templates receive it instead of importing i18n, so they
 * stay pure functions of their props.
 */
export type EmailT = (key: string, values?: Record<string, string | number>) => string;

/** What every template gets besides its own props. */
export type EmailChrome = { locale: EmailLocale; t: EmailT };

export type EmailDefinition<Props> = {
  Component: (props: Props & EmailChrome) => ReactElement;
  subject: (props: Props, t: EmailT) => string;
  /** Realistic props to render the template without a real recipient (tests, previews). */
  preview: Props;
};

/** Declares a template; the registry in `emails/index.ts` lists each one by name. */
export function defineEmail<Props>(definition: EmailDefinition<Props>): EmailDefinition<Props> {
  return definition;
}
