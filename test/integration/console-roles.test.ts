import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Role } from "../../app/domain/permissions";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;
type RouteModule = { loader?: Handler; action?: Handler };

/**
 * Every console route, with the roles that may use it: a viewer reads customers, responses and
 * campaigns; a CSM the same (and works cases, which come with their pages); everything that
 * changes settings, users, keys, campaigns or imports data, and the outbox and audit log, is
 * an admin's. A route added to the console without a row here fails the completeness check.
 */
const EVERYONE: Role[] = ["viewer", "csm", "admin"];
const ADMIN: Role[] = ["admin"];
const CASE_WORKERS: Role[] = ["csm", "admin"];

const ROUTES: { file: string; path: string; params?: Record<string, string>; read: Role[]; write?: Role[] }[] = [
  { file: "cs._index", path: "/cs", read: EVERYONE },
  { file: "cs.responses._index", path: "/cs/responses", read: EVERYONE, write: CASE_WORKERS },
  { file: "cs.cases._index", path: "/cs/cases", read: EVERYONE },
  { file: "cs.cases.$id", path: "/cs/cases/999999", params: { id: "999999" }, read: EVERYONE, write: CASE_WORKERS },
  { file: "cs.responses.$id", path: "/cs/responses/999999", params: { id: "999999" }, read: EVERYONE, write: ["csm", "admin"] },
  { file: "cs.responses.untagged", path: "/cs/responses/untagged", read: EVERYONE, write: ["csm", "admin"] },
  { file: "cs.tags", path: "/cs/tags", read: EVERYONE, write: ADMIN },
  { file: "cs.responses.export[.]csv", path: "/cs/responses/export.csv", read: ["csm", "admin"] },
  { file: "cs.accounts._index", path: "/cs/accounts", read: EVERYONE },
  { file: "cs.accounts.$id", path: "/cs/accounts/999999", params: { id: "999999" }, read: EVERYONE },
  { file: "cs.contacts._index", path: "/cs/contacts", read: EVERYONE },
  { file: "cs.contacts.$id", path: "/cs/contacts/999999", params: { id: "999999" }, read: ADMIN, write: ADMIN },
  { file: "cs.contacts_.$id.export[.]json", path: "/cs/contacts/999999/export.json", params: { id: "999999" }, read: ADMIN },
  { file: "cs.campaigns._index", path: "/cs/campaigns", read: EVERYONE },
  { file: "cs.campaigns.$id", path: "/cs/campaigns/999999", params: { id: "999999" }, read: EVERYONE, write: ADMIN },
  { file: "cs.campaigns.new", path: "/cs/campaigns/new", read: ADMIN, write: ADMIN },
  { file: "cs.import", path: "/cs/import", read: ADMIN, write: ADMIN },
  { file: "cs.import_.$file", path: "/cs/import/accounts-template.csv", params: { file: "accounts-template.csv" }, read: ADMIN },
  { file: "cs.outbox._index", path: "/cs/outbox", read: ADMIN },
  { file: "cs.outbox.$id", path: "/cs/outbox/999999", params: { id: "999999" }, read: ADMIN },
  { file: "cs.outbox.$id.preview", path: "/cs/outbox/999999/preview", params: { id: "999999" }, read: ADMIN },
  { file: "cs.settings", path: "/cs/settings", read: ADMIN, write: ADMIN },
  { file: "cs.settings._index", path: "/cs/settings", read: ADMIN },
  { file: "cs.settings.segments", path: "/cs/settings/segments", read: ADMIN, write: ADMIN },
  { file: "cs.settings.close-the-loop", path: "/cs/settings/close-the-loop", read: ADMIN, write: ADMIN },
  { file: "cs.settings.alerts", path: "/cs/settings/alerts", read: ADMIN, write: ADMIN },
  { file: "cs.settings.promoter-asks", path: "/cs/settings/promoter-asks", read: ADMIN, write: ADMIN },
  { file: "cs.settings.currency", path: "/cs/settings/currency", read: ADMIN, write: ADMIN },
  { file: "cs.settings.sign-in", path: "/cs/settings/sign-in", read: ADMIN, write: ADMIN },
  { file: "cs.settings.onboarding", path: "/cs/settings/onboarding", read: ADMIN, write: ADMIN },
  { file: "cs.survey", path: "/cs/survey", read: ADMIN, write: ADMIN },
  { file: "cs.users", path: "/cs/users", read: ADMIN, write: ADMIN },
  { file: "cs.users_.$id", path: "/cs/users/999999", params: { id: "999999" }, read: ADMIN, write: ADMIN },
  { file: "cs.api-keys", path: "/cs/api-keys", read: ADMIN, write: ADMIN },
  { file: "cs.audit", path: "/cs/audit", read: ADMIN },
  { file: "cs.language", path: "/cs/language", read: EVERYONE, write: EVERYONE },
  { file: "cs.profile", path: "/cs/profile", read: EVERYONE, write: EVERYONE },
  // Community console (unanswered queue, members, statistics): the community's moderators (CSMs and admins).
  { file: "cs.community.unanswered", path: "/cs/community/unanswered", read: CASE_WORKERS },
  { file: "cs.community.members", path: "/cs/community/members", read: CASE_WORKERS },
  { file: "cs.community.stats", path: "/cs/community/stats", read: CASE_WORKERS },
  { file: "cs.kpis", path: "/cs/kpis", read: EVERYONE },
  // community-join: category admin and settings are an admin's; join requests are moderators' (CSMs and admins)
  { file: "cs.community.categories", path: "/cs/community/categories", read: ADMIN, write: ADMIN },
  { file: "cs.community.settings", path: "/cs/community/settings", read: ADMIN, write: ADMIN },
  { file: "cs.community.join-requests", path: "/cs/community/join-requests", read: CASE_WORKERS, write: CASE_WORKERS },
  // stories
  { file: "cs.community.events._index", path: "/cs/community/events", read: CASE_WORKERS, write: CASE_WORKERS },
  { file: "cs.community.events.$id", path: "/cs/community/events/999999", params: { id: "999999" }, read: CASE_WORKERS, write: CASE_WORKERS },
  { file: "cs.community.ideas._index", path: "/cs/community/ideas", read: EVERYONE },
  { file: "cs.community.ideas.$id", path: "/cs/community/ideas/999999", params: { id: "999999" }, read: EVERYONE, write: CASE_WORKERS },
  { file: "cs.community.ideas.export[.]csv", path: "/cs/community/ideas/export.csv", read: EVERYONE },
  { file: "cs.community.ideas.link", path: "/cs/community/ideas/link", read: EVERYONE, write: CASE_WORKERS },
  { file: "cs.community.voice", path: "/cs/community/voice", read: EVERYONE },
  { file: "cs.community.stories._index", path: "/cs/community/stories", read: EVERYONE },
  { file: "cs.community.stories.new", path: "/cs/community/stories/new", read: CASE_WORKERS, write: CASE_WORKERS },
  { file: "cs.community.stories.$id", path: "/cs/community/stories/999999", params: { id: "999999" }, read: EVERYONE, write: CASE_WORKERS },
  { file: "cs.accounts_.$id.advocacy", path: "/cs/accounts/999999/advocacy", params: { id: "999999" }, read: EVERYONE, write: CASE_WORKERS },
  // mod: community moderation (moderators: CSMs and admins) and the posting rules (admins)
  { file: "cs.community.moderation", path: "/cs/community/moderation", read: CASE_WORKERS, write: CASE_WORKERS },
  { file: "cs.community.rules", path: "/cs/community/rules", read: ADMIN, write: ADMIN },
  // onboarding console: everyone reads the overview and the guides; admins edit, import, enrol and migrate
  { file: "cs.onboarding", path: "/cs/onboarding", read: EVERYONE },
  { file: "cs.guides._index", path: "/cs/guides", read: EVERYONE, write: ADMIN },
  { file: "cs.guides.$id", path: "/cs/guides/999999", params: { id: "999999" }, read: EVERYONE, write: ADMIN },
  { file: "cs.guides.new", path: "/cs/guides/new", read: ADMIN, write: ADMIN },
  { file: "cs.guides_.$id.edit", path: "/cs/guides/999999/edit", params: { id: "999999" }, read: ADMIN, write: ADMIN },
  { file: "cs.guides.export[.]json", path: "/cs/guides/export.json", read: EVERYONE },
];

/** The body of the last refusal `outcome` saw: what the person is told. */
let lastRefusal = "";

/** What a call came to: refused for the role, sent to sign-in, or let through (whatever it then answered). */
async function outcome(handler: Handler, request: Request, params: Record<string, string>): Promise<"denied" | "sign-in" | "allowed"> {
  try {
    await handler({ request, params, context: {} });
    return "allowed";
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 403) {
      lastRefusal = await thrown.clone().text();
      return "denied";
    }
    if (thrown instanceof Response && thrown.status === 302 && thrown.headers.get("Location")?.startsWith("/cs/login")) return "sign-in";
    // Past the permission check: a 404 for the made-up id, a 400 for the empty form.
    if (thrown instanceof Response && thrown.status < 500) return "allowed";
    throw thrown;
  }
}

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));
const consoleRouteFiles = readdirSync(ROUTES_DIR).filter((name) => /^cs\..*\.tsx?$/.test(name));
const load = (file: string) =>
  import(
    join(
      ROUTES_DIR,
      consoleRouteFiles.find((name) => name.replace(/\.tsx?$/, "") === file)!,
    )
  ) as Promise<RouteModule>;

describe("console roles", () => {
  it("lists every console route", () => {
    const files = consoleRouteFiles.map((name) => name.replace(/\.tsx?$/, ""));
    const public_ = ["cs.login", "cs.logout"];
    expect(files.filter((f) => !public_.includes(f)).sort()).toEqual(ROUTES.map((r) => r.file).sort());
  });

  // The matrix holds in both languages: each role's user exists once reading English, once Japanese.
  for (const language of ["en", "ja"] as const) {
    it(`lets each role read and change exactly what it may, and sends the signed-out to sign-in (users reading ${language})`, async () => {
      const cookies = Object.fromEntries(
        await Promise.all(EVERYONE.map(async (role) => [role, await staffCookie(createStaff(role, { locale: language }).id)] as const)),
      );
      const seen: string[] = [];
      const expected: string[] = [];
      const refusals = new Set<string>();
      for (const route of ROUTES) {
        const module = await load(route.file);
        const params = route.params ?? {};
        expect(await outcome(module.loader!, getRequest(route.path), params), `${route.file} signed out`).toBe("sign-in");
        for (const role of EVERYONE) {
          const read = await outcome(module.loader!, getRequest(route.path, cookies[role]), params);
          if (read === "denied") refusals.add(lastRefusal);
          seen.push(`${route.file} GET ${role}: ${read}`);
          expected.push(`${route.file} GET ${role}: ${route.read.includes(role) ? "allowed" : "denied"}`);
          if (module.action) {
            const write = await outcome(module.action, formRequest(route.path, {}, cookies[role]), params);
            if (write === "denied") refusals.add(lastRefusal);
            seen.push(`${route.file} POST ${role}: ${write}`);
            expected.push(`${route.file} POST ${role}: ${(route.write ?? []).includes(role) ? "allowed" : "denied"}`);
          }
        }
      }
      expect(seen).toEqual(expected);
      expect(refusals.size).toBeGreaterThan(0);
      // An English reader is refused in English.
      if (language === "en") for (const text of refusals) expect(text).toMatch(/^Your role \((viewer|csm|CSM)\) does not allow this/);
    });
  }

  it("refuses a Japanese reader in Japanese", async () => {
    const cookie = await staffCookie(createStaff("viewer", { locale: "ja" }).id);
    const module = await load("cs.audit");
    expect(await outcome(module.loader!, getRequest("/cs/audit", cookie), {})).toBe("denied");
    expect(lastRefusal).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect(lastRefusal).not.toMatch(/does not allow/);
  });
});
