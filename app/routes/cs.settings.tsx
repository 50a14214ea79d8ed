import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { ConsoleError } from "../components/console-error";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction = () => [{ title: "Settings · Kizuna console" }];

/** The settings sections, one route each (`cs.settings.<section>.tsx`); a new section adds its line here. */
const SECTIONS = [
  { to: "/cs/settings/segments", label: "Segments" },
  { to: "/cs/settings/close-the-loop", label: "Closing the loop" },
  { to: "/cs/settings/alerts", label: "Alerts" },
  { to: "/cs/settings/promoter-asks", label: "Promoter asks" },
  { to: "/cs/settings/currency", label: "Currency" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  return null;
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
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Settings</h1>
        </div>
      </div>
      <nav className="settings-nav" aria-label="Settings sections">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} prefetch="intent">
                {section.label}
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
  return <ConsoleError back={{ to: "/cs", label: "Back to the overview" }} />;
}
