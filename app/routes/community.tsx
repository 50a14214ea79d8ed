import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { requireCommunityReader } from "../utils/community-access.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

// Plain HTML forms and links: every community page works with JavaScript off.
export const handle = SERVER_RENDERED_ONLY;

/** Every community page is for members: signed-in customers and staff (the one read check lives in requireCommunityReader). */
export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const member = reader.viewer.member;
  return { language: reader.language, handle: member?.handle ?? null, staff: reader.staff };
}

export default function CommunityLayout() {
  const { handle, staff } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  return (
    <CustomerShell signedIn={!staff}>
      <nav className="community-nav" aria-label={t("nav.label")}>
        {/* Customers have the portal's header links; staff, signed in to the console, get the way home here. */}
        {staff ? (
          <a href="/community" className="community-nav-home">
            {t("nav.home")}
          </a>
        ) : (
          <span />
        )}
        <span className="community-nav-end">
          <a href={handle ? `/community/u/${handle}` : "/community/profile"}>{t("nav.myProfile")}</a>
          <a className="button small" href="/community/new">
            {t("nav.newTopic")}
          </a>
        </span>
      </nav>
      <Outlet />
    </CustomerShell>
  );
}
