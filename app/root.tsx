import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useMatches } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { RequestReference } from "./components/request-reference";
import stylesheet from "./styles/app.css";
import { getContact, getStaffSession } from "./utils/auth.server";
import { browserLanguage, resolveLanguage } from "./utils/i18n.server";
import { useNonce } from "./utils/nonce";
import { markHydrated, useRequestReference } from "./utils/request-reference";
import { pageHydrates } from "./utils/page-handle";
import { pageLanguage } from "./utils/page-language";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { pathname } = new URL(request.url);
  // The console speaks its user's language (the browser's on the sign-in page); customer pages
  // follow the switcher, the contact and the browser.
  if (pathname === "/cs" || pathname.startsWith("/cs/")) {
    // A session half-way through sign-in (a code awaited) already knows whose it is.
    const staff = await getStaffSession(request);
    return { language: staff ? staff.user.language : await browserLanguage(request) };
  }
  const contact = await getContact(request);
  return { language: await resolveLanguage(request, contact?.locale) };
}

// zod probes whether it may compile parsers with `new Function`; under a CSP without
// 'unsafe-eval' the probe is refused and reported as a violation. Its `jitless` setting skips the
// probe; it must be in place before the first module that uses zod runs.
const ZOD_WITHOUT_EVAL = "globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });";

export function Layout({ children }: { children: React.ReactNode }) {
  const matches = useMatches();
  const language = pageLanguage(matches.map((match) => match.data));
  useChangeLanguage(language);
  const nonce = useNonce();
  useEffect(() => markHydrated(), []);
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {pageHydrates(matches) ? (
          <>
            <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ZOD_WITHOUT_EVAL }} />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const reference = useRequestReference();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? t("notFound.title") : status < 500 ? `${status}` : t("error.title");
  const body =
    status === 404 ? t("notFound.body") : isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" ? error.data : t("error.body");
  return (
    <main className="centered-page" id="main">
      <div className="card narrow">
        <p className="eyebrow">{status}</p>
        <h1>{title}</h1>
        <p>{body}</p>
        <RequestReference label={t("error.reference")} reference={reference} />
        <p>
          <a href="/">{t("appName")}</a>
        </p>
      </div>
    </main>
  );
}
