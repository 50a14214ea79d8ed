import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, communityJoinLinks, guides, outbox, rateLimits } from "../../db/schema";
import * as checklistRoute from "../../app/routes/portal.onboarding._index";
import * as stepRoute from "../../app/routes/portal.onboarding.$stepKey";
import { loader as portalHomeLoader } from "../../app/routes/portal._index";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { advanceOnboarding } from "../../app/services/advance-onboarding.server";
import { enrolStartedAccounts } from "../../app/services/enrol-started-accounts.server";
import { INVITES_PER_DAY } from "../../app/services/invite-teammate.server";
import { publishGuides } from "../../app/services/publish-guides.server";
import { recordUsageEvents } from "../../app/services/record-usage-events.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, formRequest, getRequest } from "../factories";
import { outboxEmails } from "../factories/outbox";

const START = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
const guide = {
  key: "tech-portal",
  name: { en: "Get started with Acme", ja: "Acme をはじめよう" },
  segments: ["tech"],
  steps: [
    { key: "connect", title: { en: "Connect your data", ja: "データを接続" }, scope: "account", doneWhen: { event: "source_connected" } },
    {
      key: "tour",
      title: { en: "Take the tour", ja: "ツアーを見る" },
      body: { en: "Watch **the tour** <script>alert(1)</script>", ja: "**ツアー** を見ます" },
      video: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      scope: "user",
      doneWhen: { manual: true },
    },
    { key: "report", title: { en: "Create a report", ja: "レポートを作成" }, scope: "user", doneWhen: { event: "report_created" }, firstValue: true },
  ],
};

type Args = { request: Request; params: Record<string, string>; context: object };
const args = (request: Request, params: Record<string, string> = {}): Args => ({ request, params, context: {} });
const json = async (value: unknown) => (value instanceof Response ? await value.json() : ((value as { data?: unknown }).data ?? value));

async function thrown(promise: Promise<unknown>): Promise<{ status?: number; init?: { status?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as { status?: number; init?: { status?: number } };
  }
  throw new Error("expected a thrown response");
}

let seq = 0;
function team() {
  const account = createAccount({ externalId: `po-${++seq}`, name: "Acme Robotics", domain: "acme-po.example", segment: "tech", startDate: START });
  const hana = createContact({ accountId: account.id, email: `hana${seq}@acme-po.example`, name: "Hana Sato" });
  const ken = createContact({ accountId: account.id, email: `ken${seq}@acme-po.example`, name: "Ken Ito", locale: "ja" });
  // The account started two days ago: the start sweep enrols it.
  enrolStartedAccounts();
  return { account, hana, ken };
}

beforeEach(() => {
  for (const table of [guides, rateLimits, auditLog, communityJoinLinks, outbox, accounts]) db.delete(table).run();
  publishGuides(CLI_ACTOR, { guides: [guide] });
});

describe("the member's checklist", () => {
  it("shows the account's guide with the next step, who did a team step, and the home card's next step", async () => {
    const { account, hana, ken } = team();
    recordUsageEvents([
      { id: `po-ev-${seq}`, type: "source_connected", accountExternalId: account.externalId, email: ken.email, occurredAt: new Date().toISOString() },
    ]);
    advanceOnboarding(account.id);
    const cookie = await contactCookie(hana.id);
    const page = await checklistRoute.loader(args(getRequest("/portal/onboarding", cookie)) as never);
    expect(page.checklist).toMatchObject({ guideName: "Get started with Acme", progress: { done: 1, total: 3, percent: 33 }, nextKey: "tour" });
    expect(page.checklist!.steps[0]).toMatchObject({ key: "connect", doneBy: { kind: "teammate", label: "Ken Ito" } });
    expect(page.celebrate).toBe(false);
    const home = await portalHomeLoader(args(getRequest("/portal", cookie)) as never);
    expect(home.onboarding).toEqual({ progress: { done: 1, total: 3, percent: 33 }, next: { key: "tour", title: "Take the tour" } });
  });

  it("a step's page renders its Markdown safely and its privacy-enhanced video; an unknown step is a 404", async () => {
    const { hana } = team();
    const cookie = await contactCookie(hana.id);
    const page = await stepRoute.loader(args(getRequest("/portal/onboarding/tour", cookie), { stepKey: "tour" }) as never);
    expect(page.bodyHtml).toContain("<strong>the tour</strong>");
    expect(page.bodyHtml).not.toContain("<script");
    expect(page.video).toBe("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
    const missing = await thrown(stepRoute.loader(args(getRequest("/portal/onboarding/nope", cookie), { stepKey: "nope" }) as never));
    expect(missing.init?.status ?? missing.status).toBe(404);
  });

  it("mark as done ticks a manual step for this member only, at once; an event step cannot be marked", async () => {
    const { hana, ken } = team();
    const cookie = await contactCookie(hana.id);
    const marked = await json(await checklistRoute.action(args(formRequest("/portal/onboarding", { intent: "done", step: "tour" }, cookie)) as never));
    expect(marked).toEqual({ outcome: "marked", activated: false });
    const mine = await checklistRoute.loader(args(getRequest("/portal/onboarding", cookie)) as never);
    expect(mine.checklist!.steps[1]).toMatchObject({ key: "tour", doneBy: { kind: "you" } });
    const kens = await checklistRoute.loader(args(getRequest("/portal/onboarding", await contactCookie(ken.id))) as never);
    expect(kens.checklist!.steps[1]).toMatchObject({ key: "tour", doneAt: null });

    const refused = await stepRoute.action(args(formRequest("/portal/onboarding/report", { intent: "done" }, cookie), { stepKey: "report" }) as never);
    expect((refused as { init: { status: number } }).init.status).toBe(409);
  });

  it("reaching first value is celebrated", async () => {
    const { account, hana } = team();
    recordUsageEvents([
      { id: `po-fv-${seq}`, type: "report_created", accountExternalId: account.externalId, email: hana.email, occurredAt: new Date().toISOString() },
    ]);
    advanceOnboarding(account.id);
    const page = await checklistRoute.loader(args(getRequest("/portal/onboarding", await contactCookie(hana.id))) as never);
    expect(page.celebrate).toBe(true);
  });
});

describe("invite a teammate", () => {
  it("sends a colleague at the account's domain a join link in the inviter's language, landing on the checklist", async () => {
    const { ken } = team();
    const cookie = await contactCookie(ken.id);
    const request = formRequest("/portal/onboarding", { intent: "invite", email: "Mika@ACME-po.example" }, cookie);
    const result = await json(await checklistRoute.action(args(request) as never));
    expect(result).toEqual({ outcome: "invited", email: "mika@acme-po.example" });
    const [email] = outboxEmails(eq(outbox.toEmail, "mika@acme-po.example"));
    expect(email.template).toBe("onboarding-invite");
    expect(email.locale).toBe("ja");
    expect(email.subject).toContain("Ken Ito");
    expect(db.select().from(communityJoinLinks).all()).toHaveLength(1);
  });

  it("refuses another domain with the domain that works, a teammate already on the team, and too many invitations", async () => {
    const { hana, ken } = team();
    const cookie = await contactCookie(hana.id);
    const send = async (email: string) => {
      const response = await checklistRoute.action(args(formRequest("/portal/onboarding", { intent: "invite", email }, cookie)) as never);
      return { status: (response as { init?: { status?: number } }).init?.status ?? 200, body: await json(response) };
    };
    expect(await send("mika@gmail.com")).toEqual({
      status: 400,
      body: { outcome: "invite-refused", reason: "other-domain", email: "mika@gmail.com", minutes: 0, domain: "acme-po.example" },
    });
    expect((await send(ken.email)).body).toMatchObject({ reason: "already-teammate" });
    expect((await send("not an address")).status).toBe(400);
    expect(outboxEmails()).toEqual([]);
    for (let i = 0; i < INVITES_PER_DAY; i++) expect((await send(`new${i}@acme-po.example`)).status).toBe(200);
    expect(await send("one-more@acme-po.example")).toMatchObject({ status: 429, body: { reason: "rate-limited" } });
  });
});
