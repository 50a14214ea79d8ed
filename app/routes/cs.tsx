import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { can, type Permission } from "../domain/permissions";
import { requireStaff } from "../utils/auth.server";

type NavItem = { to: string; label: string; permission: Permission; end?: boolean };

const NAV: { section: string; items: NavItem[] }[] = [
  {
    section: "Customers",
    items: [
      { to: "/cs", label: "Overview", permission: "read:account:any", end: true },
      { to: "/cs/responses", label: "Responses", permission: "read:response:any" },
      { to: "/cs/tags", label: "Tags", permission: "read:response:any" },
      { to: "/cs/cases", label: "Cases", permission: "read:case:any" },
      { to: "/cs/accounts", label: "Accounts", permission: "read:account:any" },
      { to: "/cs/contacts", label: "Contacts", permission: "read:contact:any" },
      { to: "/cs/campaigns", label: "Campaigns", permission: "read:campaign:any" },
      { to: "/cs/import", label: "Import CSV", permission: "import:account:any" },
    ],
  },
  {
    section: "Admin",
    items: [
      { to: "/cs/users", label: "Users", permission: "manage:user:any" },
      { to: "/cs/api-keys", label: "API keys", permission: "manage:api-key:any" },
      { to: "/cs/survey", label: "NPS survey", permission: "manage:settings:any" },
      { to: "/cs/settings", label: "Settings", permission: "manage:settings:any" },
      { to: "/cs/outbox", label: "Email outbox", permission: "read:outbox:any" },
      { to: "/cs/audit", label: "Audit log", permission: "read:audit:any" },
    ],
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { pathname } = new URL(request.url);
  // The sign-in page lives under /cs but must be reachable signed out.
  if (pathname === "/cs/login") return { user: null };
  const user = await requireStaff(request, "read:account:any");
  return { user };
}

export default function ConsoleLayout() {
  const { user } = useLoaderData<typeof loader>();
  const location = useLocation();
  if (!user) return <Outlet />;
  return (
    <div className="console">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="console-nav" aria-label="Console">
        <a className="brand" href="/cs">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Kizuna
        </a>
        {NAV.map(({ section, items }) => {
          const visible = items.filter((item) => can(user.role, item.permission));
          if (visible.length === 0) return null;
          return (
            <div key={section} className="nav-group">
              <span className="nav-section">{section}</span>
              {visible.map((item) => (
                <NavLink key={item.to} to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              ))}
            </div>
          );
        })}
        <div className="who">
          <div>{user.name}</div>
          <div className="who-detail">
            {user.email} · {user.role}
          </div>
          <Form method="post" action="/cs/logout">
            <button type="submit" className="secondary">
              Sign out
            </button>
          </Form>
        </div>
      </nav>
      <main className="console-main" id="main" key={location.pathname.split("/")[2] ?? ""}>
        <Outlet />
      </main>
    </div>
  );
}
