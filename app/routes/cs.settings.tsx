import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { fixedT } from "../utils/i18n.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** The settings sections, one route each (`cs.settings.<section>.tsx`); a new section adds its line here (label: a key of `settings.sections`). */
const SECTIONS = [
  { to: "/cs/settings/segments", label: "segments" },
  { to: "/cs/settings/close-the-loop", label: "closeTheLoop" },
  { to: "/cs/settings/alerts", label: "alerts" },
  { to: "/cs/settings/promoter-asks", label: "promoterAsks" },
  { to: "/cs/settings/currency", label: "currency" },
  { to: "/cs/settings/sign-in", label: "signIn" },
  { to: "/cs/settings/onboarding", label: "onboarding" },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  return { title: t("settings.title") };
}

/**
 * POST /cs/settings still takes every section's form, told apart by its `intent` field (a form
 * without one is the thresholds form), as before the sections had their own addresses.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  return handleSettingsForm(user, await request.formData(), clientIp(request));
}

export default function SettingsLayout() {
  const { t } = useTranslation("admin");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("settings.heading")}</h1>
        </div>
      </div>
      <nav className="settings-nav" aria-label={t("settings.sectionsLabel")}>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} prefetch="intent">
                {t(`settings.sections.${section.label}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs", label: t("errorPages.backToOverview") }} />;
}
