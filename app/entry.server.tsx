import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance, type i18n as I18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./i18n";
import type { Language } from "./locales";
import { env } from "./utils/env.server";
import { log } from "./utils/log.server";
import { NonceContext } from "./utils/nonce";
import { RequestIdContext } from "./utils/request-reference";
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

/**
 * An error a loader, an action or a render threw, as one JSON line under its request's id (the
 * id the error page shows). A request the client abandoned is not an error of ours.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // A 4xx (no route for the address, a thrown "not found") is an answer, not a failure of ours.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  log().error({ reqId: request.headers.get("x-request-id"), err: error }, "A loader, action or render failed");
}

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
        <RequestIdContext.Provider value={request.headers.get("x-request-id")}>
          <I18nextProvider i18n={i18n}>
            <RemixServer context={remixContext} url={request.url} nonce={nonce} />
          </I18nextProvider>
        </RequestIdContext.Provider>
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
          if (shellRendered) log().error({ reqId: request.headers.get("x-request-id"), err: error }, "Rendering a streamed page failed");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
