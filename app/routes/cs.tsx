import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TeamTimeZone } from "../components/use-format";
import { can, type Permission } from "../domain/permissions";
import { teamTimeZone } from "../models/settings.server";
import { requireStaff } from "../utils/auth.server";

type NavItem = { to: string; label: string; permission: Permission; end?: boolean };

// Labels are keys of `nav` in the console strings.

const NAV: { section: string; items: NavItem[] }[] = [
  {
    section: "customers",
    items: [
      { to: "/cs", label: "overview", permission: "read:account:any", end: true },
      { to: "/cs/responses", label: "responses", permission: "read:response:any" },
      { to: "/cs/tags", label: "tags", permission: "read:response:any" },
      { to: "/cs/cases", label: "cases", permission: "read:case:any" },
      { to: "/cs/accounts", label: "accounts", permission: "read:account:any" },
      { to: "/cs/contacts", label: "contacts", permission: "read:contact:any" },
      { to: "/cs/campaigns", label: "campaigns", permission: "read:campaign:any" },
      { to: "/cs/kpis", label: "kpis", permission: "read:revenue:any" },
      { to: "/cs/onboarding", label: "onboarding", permission: "read:guide:any" },
      { to: "/cs/guides", label: "guides", permission: "read:guide:any" },
      { to: "/cs/import", label: "import", permission: "import:account:any" },
    ],
  },
  {
    section: "community",
    items: [
      { to: "/cs/community/moderation", label: "communityModeration", permission: "moderate:community:any" },
      { to: "/cs/community/unanswered", label: "communityUnanswered", permission: "moderate:community:any" },
      { to: "/cs/community/ideas", label: "communityIdeas", permission: "read:idea:any" },
      { to: "/cs/community/voice", label: "communityVoice", permission: "read:idea:any" },
      { to: "/cs/community/stories", label: "communityStories", permission: "read:account:any" },
      { to: "/cs/community/events", label: "communityEvents", permission: "moderate:community:any" },
      { to: "/cs/community/members", label: "communityMembers", permission: "moderate:community:any" },
      { to: "/cs/community/stats", label: "communityStats", permission: "moderate:community:any" },
      { to: "/cs/community/join-requests", label: "communityJoinRequests", permission: "moderate:community:any" },
      { to: "/cs/community/categories", label: "communityCategories", permission: "manage:community:any" },
      { to: "/cs/community/rules", label: "communityRules", permission: "manage:community:any" },
      { to: "/cs/community/settings", label: "communitySettings", permission: "manage:community:any" },
    ],
  },
  {
    section: "admin",
    items: [
      { to: "/cs/users", label: "users", permission: "manage:user:any" },
      { to: "/cs/api-keys", label: "apiKeys", permission: "manage:api-key:any" },
      { to: "/cs/survey", label: "survey", permission: "manage:settings:any" },
      { to: "/cs/settings", label: "settings", permission: "manage:settings:any" },
      { to: "/cs/outbox", label: "outbox", permission: "read:outbox:any" },
      { to: "/cs/audit", label: "audit", permission: "read:audit:any" },
    ],
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { pathname } = new URL(request.url);
  // The sign-in page lives under /cs but must be reachable signed out.
  if (pathname === "/cs/login") return { user: null, timeZone: "UTC" };
  const user = await requireStaff(request, "read:account:any");
  // Every time on a console page is on the team's clock (useFormat).
  return { user, timeZone: teamTimeZone() };
}

export default function ConsoleLayout() {
  const { user, timeZone } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { t, i18n } = useTranslation("console");
  if (!user) return <Outlet />;
  const otherLanguage = i18n.language === "ja" ? "en" : "ja";
  return (
    <div className="console">
      <a className="skip-link" href="#main">
        {t("shell.skipToContent")}
      </a>
      <nav className="console-nav" aria-label={t("nav.label")}>
        <a className="brand" href="/cs">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Kizuna
        </a>
        {NAV.map(({ section, items }) => {
          const visible = items.filter((item) => can(user.role, item.permission));
          if (visible.length === 0) return null;
          return (
            <div key={section} className="nav-group">
              <span className="nav-section">{t(`nav.${section}`)}</span>
              {visible.map((item) => (
                <NavLink key={item.to} to={item.to} end={item.end}>
                  {t(`nav.${item.label}`)}
                </NavLink>
              ))}
            </div>
          );
        })}
        <div className="who">
          <div>
            <Link to="/cs/profile" className="who-name">
              {user.name}
            </Link>
          </div>
          <div className="who-detail">
            {user.email} · {t(`roles.${user.role}`)}
          </div>
          <Form method="post" action="/cs/language" className="language-switch">
            <input type="hidden" name="lng" value={otherLanguage} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="secondary" lang={otherLanguage} aria-label={t("shell.switchLanguageLabel")}>
              {t("shell.switchLanguage")}
            </button>
          </Form>
          <Form method="post" action="/cs/logout">
            <button type="submit" className="secondary">
              {t("shell.signOut")}
            </button>
          </Form>
        </div>
      </nav>
      <main className="console-main" id="main" key={location.pathname.split("/")[2] ?? ""}>
        <TeamTimeZone.Provider value={timeZone}>
          <Outlet />
        </TeamTimeZone.Provider>
      </main>
    </div>
  );
}
