import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, guides, guideVersions, rateLimits } from "../../db/schema";
import * as guidesRoute from "../../app/routes/api.v1.guides";
import { findGuidesByKey, listGuideVersions, versionSteps } from "../../app/models/guide.server";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { db, sqlite } from "../../app/utils/db.server";

async function call(method: "GET" | "PUT", body: unknown, key: string) {
  const request = new Request("http://localhost/api/v1/guides", {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const args = { request, params: {}, context: {} } as never;
  const response = (await (method === "GET" ? guidesRoute.loader(args) : guidesRoute.action(args))) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const onboarding = () => ({
  key: "tech-default",
  name: { en: "Get started with Acme", ja: "Acme をはじめよう" },
  description: { en: "Six steps to your first report.", ja: "最初のレポートまでの 6 ステップ。" },
  segments: ["tech"],
  locales: ["en", "ja"],
  targetDays: 14,
  steps: [
    {
      key: "connect",
      title: { en: "Connect your data", ja: "データを接続する" },
      body: { en: "Open **Settings → Sources**.", ja: "**設定 → ソース** を開きます。" },
      video: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      scope: "account",
      doneWhen: { event: "source_connected" },
    },
    { key: "tour", title: { en: "Take the tour", ja: "ツアーを見る" }, scope: "user", doneWhen: { manual: true } },
    {
      key: "report",
      title: { en: "Create three reports", ja: "レポートを 3 つ作る" },
      scope: "user",
      doneWhen: { event: "report_created", count: 3, withinDays: 30, where: { kind: "dashboard" } },
      firstValue: true,
    },
    { key: "community", title: { en: "Join the community", ja: "コミュニティに参加する" }, scope: "user", doneWhen: { community: "joined" } },
  ],
});

let writer: string;
let reader: string;

beforeEach(() => {
  for (const table of [guides, auditLog, rateLimits]) db.delete(table).run();
  writer = createApiKey({ name: "Guides CI", scopes: ["guides:write", "guides:read"] }, CLI_ACTOR).key;
  reader = createApiKey({ name: "Reader", scopes: ["guides:read"] }, CLI_ACTOR).key;
});

describe("PUT /api/v1/guides", () => {
  it("round trip: what GET returns is what was sent, and sending it again changes nothing", async () => {
    const sent = { guides: [onboarding(), { ...onboarding(), key: "low-touch", segments: ["low"], targetDays: undefined }] };
    const put = await call("PUT", sent, writer);
    expect(put).toEqual({ status: 200, body: { created: 2, updated: 0, unchanged: 0, versions: { "tech-default": 1, "low-touch": 1 } } });

    const got = await call("GET", undefined, reader);
    expect(got.status).toBe(200);
    const expected = [...sent.guides].sort((a, b) => (a.key < b.key ? -1 : 1)).map((guide) => JSON.parse(JSON.stringify(guide)));
    expect(got.body).toEqual({ guides: expected });

    const again = await call("PUT", got.body, writer);
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 2, versions: { "low-touch": 1, "tech-default": 1 } });
    expect(db.select().from(guideVersions).all()).toHaveLength(2);
    // Only the write that changed something is in the audit log.
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .filter((row) => row.action === "guide.published"),
    ).toHaveLength(1);
  });

  it("a changed step publishes a new version and keeps the old one; a renamed guide keeps its version", async () => {
    await call("PUT", { guides: [onboarding()] }, writer);
    const renamed = { ...onboarding(), name: { en: "Welcome to Acme", ja: "Acme へようこそ" } };
    expect((await call("PUT", { guides: [renamed] }, writer)).body).toMatchObject({ created: 0, updated: 1, unchanged: 0, versions: { "tech-default": 1 } });

    const changed = structuredClone(renamed);
    changed.steps[2].doneWhen = { event: "report_created", count: 5, withinDays: 30, where: { kind: "dashboard" } };
    expect((await call("PUT", { guides: [changed] }, writer)).body).toMatchObject({ updated: 1, versions: { "tech-default": 2 } });

    const stored = findGuidesByKey(["tech-default"]).get("tech-default")!;
    const versions = listGuideVersions(stored.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const steps = versionSteps(versions.map((v) => v.id));
    expect(steps.get(versions[0].id)![2].doneWhen).toEqual({ event: "report_created", count: 3, withinDays: 30, where: { kind: "dashboard" } });
    expect(steps.get(versions[1].id)![2].doneWhen).toEqual({ event: "report_created", count: 5, withinDays: 30, where: { kind: "dashboard" } });
    expect((await call("GET", undefined, reader)).body).toEqual({ guides: [changed] });
  });

  it("refuses bad rules with a path for each, and writes nothing from the whole call", async () => {
    const good = { ...onboarding(), key: "good-one" };
    const bad = structuredClone(onboarding());
    (bad.steps[0] as Record<string, unknown>).doneWhen = { event: "source_connected", count: -1 };
    (bad.steps[1] as Record<string, unknown>).doneWhen = { community: "liked" };
    (bad.steps[0] as Record<string, unknown>).video = "https://www.youtube.com/embed/dQw4w9WgXcQ";
    bad.steps[3].key = "connect";
    const { status, body } = await call("PUT", { guides: [good, bad] }, writer);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_guides" });
    expect((body.errors as { path: string }[]).map((error) => error.path).sort()).toEqual([
      "guides.1.steps.0.doneWhen.count",
      "guides.1.steps.0.video",
      "guides.1.steps.1.doneWhen.community",
      "guides.1.steps.3.key",
    ]);
    expect(db.select().from(guides).all()).toEqual([]);
    expect(sqlite().prepare("SELECT count(*) AS n FROM guide_steps").get()).toEqual({ n: 0 });
  });

  it("refuses a guide without a first-value step, and a body that is not JSON guides", async () => {
    const none = structuredClone(onboarding());
    delete (none.steps[2] as Record<string, unknown>).firstValue;
    expect((await call("PUT", { guides: [none] }, writer)).body.errors).toEqual([
      { path: "guides.0.steps", code: "invalid_value", message: "mark exactly one step firstValue: true" },
    ]);
    expect((await call("PUT", [onboarding()], writer)).status).toBe(400);
    expect(db.select().from(guides).all()).toEqual([]);
  });

  it("needs guides:write to publish and guides:read to read", async () => {
    expect((await call("PUT", { guides: [onboarding()] }, reader)).status).toBe(403);
    const events = createApiKey({ name: "Product", scopes: ["events:write"] }, CLI_ACTOR).key;
    expect((await call("GET", undefined, events)).status).toBe(403);
    expect(db.select().from(guides).all()).toEqual([]);
  });
});
