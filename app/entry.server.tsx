import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n as I18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./i18n";
import type { Language } from "./locales";
import { env } from "./utils/env.server";
import { NonceContext } from "./utils/nonce";
import { pageLanguage } from "./utils/page-language";
import { newNonce, setDocumentSecurityHeaders } from "./utils/security-headers.server";

// The Node entries reach the app through the build (see server-api.server.ts).
export * as serverApi from "./server-api.server";

// One initialised instance per language: a server render never changes its language, and
// initialising i18next with every namespace on each request costs more than the render.
const instances = new Map<Language, Promise<I18n>>();

function i18nFor(lng: Language): Promise<I18n> {
  let instance = instances.get(lng);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({ ...i18nConfig, lng, ns: [...i18nConfig.ns] })
      .then(() => created);
    instances.set(lng, instance);
  }
  return instance;
}

export const streamTimeout = 5_000;

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const { matches, loaderData } = remixContext.staticHandlerContext;
  const lng = pageLanguage(matches.map((match) => loaderData?.[match.route.id]));
  const i18n = await i18nFor(lng);

  const readyEvent = isbot(request.headers.get("user-agent")) ? "onAllReady" : "onShellReady";

  // One nonce per page: on its scripts and in its Content-Security-Policy, nowhere else.
  const nonce = newNonce();
  setDocumentSecurityHeaders(responseHeaders, { nonce, appUrl: env().APP_URL });

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
