import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, guideEnrolments, guides, rateLimits, usageEvents } from "../../db/schema";
import * as accountRoute from "../../app/routes/api.v1.accounts.$externalId.onboarding";
import * as personRoute from "../../app/routes/api.v1.onboarding";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { advanceOnboarding } from "../../app/services/advance-onboarding.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { markOnboardingStepDone } from "../../app/services/mark-onboarding-step.server";
import { publishGuides } from "../../app/services/publish-guides.server";
import { recordUsageEvents } from "../../app/services/record-usage-events.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact } from "../factories";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-07T12:00:00Z");
const START = "2026-12-01";
const at = (day: number, hour = 9) => new Date(Date.parse(`${START}T00:00:00Z`) + day * DAY + hour * 3_600_000).toISOString();

const guide = {
  key: "tech-default",
  name: { en: "Get started", ja: "はじめに" },
  segments: ["tech"],
  steps: [
    { key: "connect", title: { en: "Connect", ja: "接続" }, scope: "account", doneWhen: { event: "source_connected" } },
    { key: "tour", title: { en: "Tour", ja: "ツアー" }, scope: "user", doneWhen: { manual: true } },
    { key: "report", title: { en: "Report", ja: "レポート" }, scope: "user", doneWhen: { event: "report_created" }, firstValue: true },
  ],
};

async function get(path: string, key: string) {
  const request = new Request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${key}` } });
  const url = new URL(request.url);
  const match = /^\/api\/v1\/accounts\/([^/]+)\/onboarding$/.exec(url.pathname);
  const response = (await (match
    ? accountRoute.loader({ request, params: { externalId: decodeURIComponent(match[1]) }, context: {} } as never)
    : personRoute.loader({ request, params: {}, context: {} } as never))) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let key: string;
let seq = 0;
const event = (type: string, email: string, occurredAt: string) => ({ id: `api-ob-${++seq}`, type, accountExternalId: "ob-acme", email, occurredAt });

beforeEach(() => {
  for (const table of [guides, usageEvents, rateLimits, accounts]) db.delete(table).run();
  key = createApiKey({ name: "Product", scopes: ["onboarding:read"] }, CLI_ACTOR).key;
});

function acme() {
  const account = createAccount({ externalId: "ob-acme", segment: "tech", startDate: START });
  const hana = createContact({ accountId: account.id, email: "hana@ob-acme.example" });
  const ken = createContact({ accountId: account.id, email: "ken@ob-acme.example" });
  publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
  return { account, hana, ken };
}

describe("GET /api/v1/accounts/:externalId/onboarding", () => {
  it("gives the guide, start, activation, whole-day TTV, floored percent, and each step's first person", async () => {
    const { account, hana, ken } = acme();
    recordUsageEvents(
      [
        event("source_connected", "ken@ob-acme.example", at(0)),
        event("report_created", "hana@ob-acme.example", at(2, 23)),
        event("report_created", "ken@ob-acme.example", at(3)),
      ],
      NOW,
    );
    advanceOnboarding(account.id, NOW);
    const { status, body } = await get("/api/v1/accounts/ob-acme/onboarding", key);
    expect(status).toBe(200);
    expect(body).toEqual({
      guide: { key: "tech-default", version: 1 },
      startedAt: START,
      activatedAt: at(2, 23),
      timeToValueDays: 2,
      progress: { done: 2, total: 3, percent: 66 },
      steps: [
        { key: "connect", scope: "account", doneAt: at(0), doneBy: "ken@ob-acme.example" },
        { key: "tour", scope: "user", doneAt: null, doneBy: null },
        { key: "report", scope: "user", doneAt: at(2, 23), doneBy: "hana@ob-acme.example" },
      ],
      stalled: false,
    });
    // A manual tick counts; the stalled flag follows the enrolment.
    expect(markOnboardingStepDone(hana, "tour", NOW)).toMatchObject({ ok: true, completed: ["tour"] });
    db.update(guideEnrolments).set({ stalledAt: NOW }).where(eq(guideEnrolments.accountId, account.id)).run();
    const after = (await get("/api/v1/accounts/ob-acme/onboarding", key)).body;
    expect(after).toMatchObject({ progress: { done: 3, total: 3, percent: 100 }, stalled: true });
    expect((after.steps as { key: string }[])[1]).toEqual({ key: "tour", scope: "user", doneAt: new Date(NOW).toISOString(), doneBy: "hana@ob-acme.example" });
    expect(ken.id).toBeGreaterThan(0);
  });

  it("answers guide null for an account without one, and 404 for an unknown account", async () => {
    createAccount({ externalId: "ob-none", segment: "high", startDate: START });
    expect(await get("/api/v1/accounts/ob-none/onboarding", key)).toEqual({
      status: 200,
      body: { guide: null, startedAt: null, activatedAt: null, timeToValueDays: null, progress: { done: 0, total: 0, percent: 0 }, steps: [], stalled: false },
    });
    const missing = await get("/api/v1/accounts/nobody-here/onboarding", key);
    expect(missing.status).toBe(404);
  });

  it("refuses a key without onboarding:read (403) and no key (401)", async () => {
    acme();
    const other = createApiKey({ name: "Events", scopes: ["events:write", "guides:read"] }, CLI_ACTOR).key;
    expect((await get("/api/v1/accounts/ob-acme/onboarding", other)).status).toBe(403);
    expect((await get("/api/v1/onboarding?email=hana@ob-acme.example", other)).status).toBe(403);
    expect((await get("/api/v1/accounts/ob-acme/onboarding", "kz_nope")).status).toBe(401);
  });
});

describe("GET /api/v1/onboarding?email=", () => {
  it("gives one person's own progress: account steps as the account has them, user steps as they did them, with titles and page links", async () => {
    const { account } = acme();
    recordUsageEvents([event("source_connected", "ken@ob-acme.example", at(0)), event("report_created", "ken@ob-acme.example", at(1))], NOW);
    advanceOnboarding(account.id, NOW);
    const hana = await get("/api/v1/onboarding?email=Hana@OB-acme.example", key);
    expect(hana.status).toBe(200);
    expect(hana.body).toMatchObject({
      email: "hana@ob-acme.example",
      guide: { key: "tech-default", version: 1 },
      progress: { done: 1, total: 3, percent: 33 },
    });
    const steps = hana.body.steps as { key: string; doneAt: string | null; doneBy: string | null; title: { en: string }; url: string }[];
    expect(steps.map((step) => [step.key, step.doneBy])).toEqual([
      ["connect", "ken@ob-acme.example"],
      ["tour", null],
      ["report", null],
    ]);
    expect(steps[2].title.en).toBe("Report");
    expect(steps[2].url).toMatch(/\/portal\/onboarding\/report$/);
    const ken = await get("/api/v1/onboarding?email=ken@ob-acme.example", key);
    expect(ken.body).toMatchObject({ progress: { done: 2, total: 3, percent: 66 } });
  });

  it("a bad address is a 400, an unknown one a 404, an unknown parameter a 400", async () => {
    acme();
    expect((await get("/api/v1/onboarding?email=not-an-address", key)).status).toBe(400);
    expect((await get("/api/v1/onboarding", key)).status).toBe(400);
    expect((await get("/api/v1/onboarding?email=a@b.example&account=x", key)).status).toBe(400);
    expect((await get("/api/v1/onboarding?email=stranger@elsewhere.example", key)).status).toBe(404);
  });
});
