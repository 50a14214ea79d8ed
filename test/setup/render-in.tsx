import i18next, { type i18n } from "i18next";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { TeamTimeZone } from "../../app/components/use-format";
import { i18nConfig } from "../../app/i18n";
import type { Language } from "../../app/locales";

const instances = new Map<Language, i18n>();

/** An i18next instance for a language, as the console's entry files set one up. */
async function instanceFor(language: Language): Promise<i18n> {
  let instance = instances.get(language);
  if (!instance) {
    instance = i18next.createInstance();
    await instance.use(initReactI18next).init({ ...i18nConfig, lng: language, ns: [...i18nConfig.ns] });
    instances.set(language, instance);
  }
  return instance;
}

/**
 * A component's HTML as the console renders it for a reader of `language`, on the team's clock
 * (`timeZone`); components that use links or the location get a router at `path`.
 */
export async function renderIn(language: Language, node: ReactNode, options: { timeZone?: string; path?: string } = {}): Promise<string> {
  const instance = await instanceFor(language);
  const router = createMemoryRouter([{ path: "*", element: node }], { initialEntries: [options.path ?? "/"] });
  return renderToString(
    <I18nextProvider i18n={instance}>
      <TeamTimeZone.Provider value={options.timeZone ?? "UTC"}>
        <RouterProvider router={router} />
      </TeamTimeZone.Provider>
    </I18nextProvider>,
  );
}
