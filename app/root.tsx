import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useMatches } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import stylesheet from "./styles/app.css";
import { getContact } from "./utils/auth.server";
import { resolveLanguage } from "./utils/i18n.server";
import { pageLanguage } from "./utils/page-language";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { pathname } = new URL(request.url);
  // The console speaks English; customer pages follow the contact and the browser.
  if (pathname === "/cs" || pathname.startsWith("/cs/")) return { language: "en" as const };
  const contact = await getContact(request);
  return { language: await resolveLanguage(request, contact?.locale) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const language = pageLanguage(useMatches().map((match) => match.data));
  useChangeLanguage(language);
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
        <ScrollRestoration />
        <Scripts />
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
        <p>
          <a href="/">{t("appName")}</a>
        </p>
      </div>
    </main>
  );
}
