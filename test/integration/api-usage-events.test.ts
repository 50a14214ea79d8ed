import { beforeEach, describe, expect, it } from "vitest";
import { rateLimits, usageDaily, usageDailyPeople, usageEvents, usageSegmentUsers } from "../../db/schema";
import * as eventsRoute from "../../app/routes/api.v1.events";
import * as segmentRoute from "../../app/routes/api.v1.segment";
import { activeUsers, eventsByType, pruneUsageEvents } from "../../app/models/usage.server";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { db, sqlite } from "../../app/utils/db.server";
import { createAccount, createContact } from "../factories";

type Route = { action: (args: never) => unknown };

async function post(route: Route, path: string, body: unknown, authorization: string) {
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = (await route.action({ request, params: {}, context: {} } as never)) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { errors: { index: number; path: string; code: string }[] } };
}

let key: string;
const bearer = () => `Bearer ${key}`;
const sendEvents = (events: unknown[]) => post(eventsRoute, "/api/v1/events", { events }, bearer());
const rawEventCount = () => (sqlite().prepare("SELECT count(*) AS n FROM usage_events").get() as { n: number }).n;

beforeEach(() => {
  for (const table of [usageEvents, usageDaily, usageDailyPeople, usageSegmentUsers, rateLimits]) db.delete(table).run();
  key = createApiKey({ name: "Product", scopes: ["events:write"] }, CLI_ACTOR).key;
});

describe("POST /api/v1/events", () => {
  it("keeps the valid events of a batch, lists the bad ones by index and path, and never invents an account", async () => {
    const account = createAccount({ externalId: "ev-acme" });
    const contact = createContact({ accountId: account.id, email: "hana@acme.example", productUserId: "usr_hana" });
    const { status, body } = await sendEvents([
      { id: "e1", type: "report_created", accountExternalId: "ev-acme", email: "HANA@acme.example", occurredAt: "2026-12-01T01:00:00Z" },
      { id: "e2", type: "report_created", accountExternalId: "ev-nobody", email: "x@y.example", occurredAt: "2026-12-01T01:00:00Z" },
      { id: "e3", type: "report_created", accountExternalId: "ev-acme", occurredAt: "yesterday" },
      { id: "e4", type: "invite_sent", accountExternalId: "ev-acme", userId: "usr_hana", occurredAt: "2026-12-01T02:00:00+09:00", properties: { plan: "pro" } },
      { id: "e5", type: "report_created", accountExternalId: "ev-acme", email: "stranger@acme.example", occurredAt: "2026-12-01T03:00:00Z", extra: 1 },
      { id: "e6", type: "report_created", accountExternalId: "ev-acme", email: "stranger@acme.example", occurredAt: "2026-12-01T03:00:00Z" },
    ]);
    expect(status).toBe(202);
    expect(body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(body.errors).toEqual([
      expect.objectContaining({ index: 1, path: "accountExternalId", code: "unknown_reference" }),
      expect.objectContaining({ index: 2, path: "occurredAt", code: "invalid_value" }),
      expect.objectContaining({ index: 4, path: "extra", code: "unknown_field" }),
    ]);
    const stored = sqlite().prepare("SELECT event_id AS id, contact_id AS contactId, properties FROM usage_events ORDER BY id").all();
    expect(stored).toEqual([
      { id: "e1", contactId: contact.id, properties: null },
      { id: "e4", contactId: contact.id, properties: '{"plan":"pro"}' },
      // An unknown address at a known account counts, and creates no contact.
      { id: "e6", contactId: null, properties: null },
    ]);
    expect(sqlite().prepare("SELECT count(*) AS n FROM contacts WHERE email = 'stranger@acme.example'").get()).toEqual({ n: 0 });
    // The contact named by address and by product user id is one active person; the stranger another.
    expect(activeUsers(account.id, "2026-11-01", "2026-12-31")).toBe(2);
    expect(eventsByType(account.id, "2026-11-01", "2026-12-31")).toEqual([
      { type: "report_created", events: 2 },
      { type: "invite_sent", events: 1 },
    ]);
  });

  it("counts a replayed id as a duplicate that changes nothing, even with another body", async () => {
    createAccount({ externalId: "ev-replay" });
    const event = { id: "r1", type: "login", accountExternalId: "ev-replay", email: "a@replay.example", occurredAt: "2026-12-02T00:00:00Z" };
    expect((await sendEvents([event])).body).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await sendEvents([
      { ...event, type: "export", occurredAt: "2026-12-03T00:00:00Z" },
      { ...event, id: "r2" },
      { ...event, id: "r2" },
    ]);
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 2, errors: [] });
    expect(sqlite().prepare("SELECT type_id, occurred_at FROM usage_events WHERE event_id = 'r1'").get()).toMatchObject({
      occurred_at: Date.parse("2026-12-02T00:00:00Z"),
    });
    expect(sqlite().prepare("SELECT sum(events) AS n FROM usage_daily").get()).toEqual({ n: 2 });
  });

  it("refuses a body that is not a batch, a batch over 1,000, and a key without events:write — writing nothing", async () => {
    createAccount({ externalId: "ev-limits" });
    const event = (i: number) => ({ id: `l${i}`, type: "login", accountExternalId: "ev-limits", occurredAt: "2026-12-02T00:00:00Z" });
    expect((await post(eventsRoute, "/api/v1/events", [event(1)], bearer())).status).toBe(400);
    expect((await sendEvents(Array.from({ length: 1_001 }, (_, i) => event(i)))).status).toBe(413);
    const readOnly = createApiKey({ name: "Reader", scopes: ["contacts:read"] }, CLI_ACTOR).key;
    expect((await post(eventsRoute, "/api/v1/events", { events: [event(1)] }, `Bearer ${readOnly}`)).status).toBe(403);
    expect(rawEventCount()).toBe(0);
    const full = await sendEvents(Array.from({ length: 1_000 }, (_, i) => event(i)));
    expect(full.body).toMatchObject({ accepted: 1_000 });
  });

  it("rolls events up by the team's calendar day, and pruning raw events keeps the rollups", async () => {
    const account = createAccount({ externalId: "ev-days" });
    sqlite()
      .prepare("INSERT INTO settings (key, value) VALUES ('closeTheLoop', json(?)) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify({ slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [] }));
    // 23:30 UTC on 1 December is 08:30 on 2 December in Tokyo.
    await sendEvents([{ id: "d1", type: "login", accountExternalId: "ev-days", email: "a@days.example", occurredAt: "2026-12-01T23:30:00Z" }]);
    expect(sqlite().prepare("SELECT day FROM usage_daily WHERE account_id = ?").all(account.id)).toEqual([{ day: "2026-12-02" }]);
    const later = Date.now() + 401 * 86_400_000;
    expect(pruneUsageEvents(later, 400)).toBe(1);
    expect(rawEventCount()).toBe(0);
    expect(activeUsers(account.id, "2026-12-01", "2026-12-31")).toBe(1);
    // Nothing younger than the retention is touched.
    await sendEvents([{ id: "d2", type: "login", accountExternalId: "ev-days", occurredAt: "2026-12-01T23:30:00Z" }]);
    expect(pruneUsageEvents(Date.now(), 400)).toBe(0);
    expect(rawEventCount()).toBe(1);
    db.delete(usageEvents).run();
    sqlite().prepare("DELETE FROM settings WHERE key = 'closeTheLoop'").run();
  });
});

describe("POST /api/v1/segment", () => {
  const basic = () => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

  it("takes Segment's write key as Basic user name, learns accounts from group calls and records track calls", async () => {
    const account = createAccount({ externalId: "seg-acme" });
    const { status, body } = await post(
      segmentRoute,
      "/api/v1/segment",
      {
        batch: [
          { type: "group", groupId: "seg-acme", userId: "u-1", messageId: "g-1" },
          { type: "identify", userId: "u-1", traits: { email: "u1@acme.example" } },
          {
            type: "track",
            event: "Report Created",
            userId: "u-1",
            messageId: "m-1",
            timestamp: "2026-12-04T00:00:00.000Z",
            properties: { nested: { a: 1 }, plan: "pro" },
          },
          { type: "track", event: "Report Created", userId: "u-2", messageId: "m-2", context: { groupId: "seg-acme" }, timestamp: "2026-12-04T00:00:00.000Z" },
          { type: "track", event: "Report Created", userId: "u-3", messageId: "m-3", timestamp: "2026-12-04T00:00:00.000Z" },
          { type: "group", groupId: "seg-nobody", userId: "u-4", messageId: "g-2" },
        ],
      },
      basic(),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 2, grouped: 1, ignored: 1 });
    expect(body.errors).toEqual([
      expect.objectContaining({ index: 4, path: "context.groupId" }),
      expect.objectContaining({ index: 5, path: "groupId", code: "unknown_reference" }),
    ]);
    expect(sqlite().prepare("SELECT properties FROM usage_events WHERE event_id = 'm-1'").get()).toEqual({ properties: '{"plan":"pro"}' });
    expect(activeUsers(account.id, "2026-12-01", "2026-12-31")).toBe(2);
  });

  it("refuses a wrong key and Basic auth on the events endpoint", async () => {
    const wrong = await post(
      segmentRoute,
      "/api/v1/segment",
      { type: "track" },
      `Basic ${Buffer.from("kz_00000000_AAAAAAAAAAAAAAAAAAAAAAAA:").toString("base64")}`,
    );
    expect(wrong.status).toBe(401);
    const basicOnEvents = await post(eventsRoute, "/api/v1/events", { events: [] }, basic());
    expect(basicOnEvents.status).toBe(401);
  });
});
