import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { mayReadAnonymously } from "../services/community-settings.server";
import { unreadNotificationsFor } from "../services/community-preferences.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

// Plain HTML forms and links: every community page works with JavaScript off.
export const handle = SERVER_RENDERED_ONLY;

/**
 * Community pages are for members: signed-in customers and staff. When the admin lets everyone
 * read, visitors get the frame too (each page's loader decides: the home, categories, topics,
 * search and profiles read as a customer outside every restricted segment would).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { reader, scope } = await requireCommunityReadScope(request, mayReadAnonymously());
  const member = reader?.viewer.member ?? null;
  return {
    language: scope.language,
    handle: member?.handle ?? null,
    staff: scope.staff,
    signedIn: reader !== null,
    unreadNotifications: member && !scope.staff ? unreadNotificationsFor({ memberId: member.id }) : null,
  };
}

export default function CommunityLayout() {
  const { handle, staff, signedIn, unreadNotifications } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  return (
    <CustomerShell signedIn={signedIn && !staff} unreadNotifications={unreadNotifications}>
      <nav className="community-nav" aria-label={t("nav.label")}>
        {/* Customers have the portal's header links; staff, signed in to the console, get the way home here. */}
        {staff ? (
          <a href="/community" className="community-nav-home">
            {t("nav.home")}
          </a>
        ) : (
          <span />
        )}
        {signedIn ? (
          <span className="community-nav-end">
            <a href={handle ? `/community/u/${handle}` : "/community/profile"}>{t("nav.myProfile")}</a>
            <a className="button small" href="/community/new">
              {t("nav.newTopic")}
            </a>
          </span>
        ) : (
          <a className="button small" href="/login?redirectTo=%2Fcommunity">
            {t("nav.signIn")}
          </a>
        )}
      </nav>
      <Outlet />
    </CustomerShell>
  );
}
