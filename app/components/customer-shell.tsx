import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Header, language switcher and footer shared by every customer-facing page. `unreadNotifications`
 * (community members) shows the notifications link with its unread count.
 */
export function CustomerShell({
  children,
  signedIn = false,
  unreadNotifications,
}: {
  children: React.ReactNode;
  signedIn?: boolean;
  unreadNotifications?: number | null;
}) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="customer-header">
        <div className="inner">
          <a className="brand" href={signedIn ? "/portal" : "/login"}>
            <img src="/favicon.svg" alt="" width={28} height={28} /> {t("appName")}
          </a>
          {signedIn ? (
            <nav className="customer-links" aria-label={t("portalNav")}>
              <a href="/portal">{t("portalHome")}</a>
              <a href="/community">{t("community")}</a>
            </nav>
          ) : null}
          <div className="language-switcher">
            {/* A full page load: every string, the title and the forms' client state start fresh in the new language. */}
            <Form method="post" action="/language" className="language-switcher" aria-label={t("language")} reloadDocument>
              <input type="hidden" name="redirectTo" value={here} />
              {(["en", "ja"] as const).map((lng) => (
                <button key={lng} type="submit" name="lng" value={lng} className="secondary small" aria-pressed={i18n.language === lng} lang={lng}>
                  {t(`languages.${lng}`)}
                </button>
              ))}
            </Form>
            {signedIn && typeof unreadNotifications === "number" ? <NotificationsLink unread={unreadNotifications} /> : null}
            {signedIn ? (
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("signOut")}
                </button>
              </Form>
            ) : null}
          </div>
        </div>
      </header>
      <main className="customer-main" id="main">
        {children}
      </main>
      <footer className="customer-footer">{t("footer")}</footer>
    </>
  );
}

/** The community notifications link of the header, with the unread count as a badge. */
function NotificationsLink({ unread }: { unread: number }) {
  const { t } = useTranslation("communityNotify");
  return (
    <a href="/community/notifications" className="header-notifications">
      {t("header.link")}
      {unread > 0 ? (
        <>
          {" "}
          <span className="badge">{t("header.unread", { count: unread })}</span>
        </>
      ) : null}
    </a>
  );
}
