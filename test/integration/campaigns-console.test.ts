import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { campaigns, contacts, invitations, jobs, outbox } from "../../db/schema";
import { action as campaignAction, loader as campaignLoader } from "../../app/routes/cs.campaigns.$id";
import { loader as listLoader } from "../../app/routes/cs.campaigns._index";
import { action as newAction, loader as newLoader } from "../../app/routes/cs.campaigns.new";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import "../../app/jobs/campaigns.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number } | null };

async function unwrap(result: unknown) {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), body: null as any };
  const value = result as Wrapped | Record<string, any>;
  if (value.type === "DataWithResponseInit") return { status: (value as Wrapped).init?.status ?? 200, location: null, body: (value as Wrapped).data };
  return { status: 200, location: null, body: value as Record<string, any> };
}

const ctx = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;

const FORM = {
  name: "Q3 pulse",
  segments: "low",
  throttleDays: "90",
  minAccountAgeDays: "30",
  reminderAfterDays: "3",
  samplePercent: "",
  dailyCap: "",
  schedule: "now",
  startAt: "",
  tzOffset: "0",
};

let adminCookie: string;

beforeEach(async () => {
  for (const table of [invitations, campaigns, jobs, outbox, contacts]) db.delete(table).run();
  adminCookie = await staffCookie(createStaff("admin").id);
  const account = createAccount({ segment: "low", startDate: "2020-01-01" });
  for (let i = 0; i < 3; i++) createContact({ accountId: account.id });
  createContact({ accountId: account.id, unsubscribedAt: new Date() });
  createContact({ accountId: createAccount({ segment: "high", startDate: "2020-01-01" }).id });
});

describe("new campaign page", () => {
  it("previews the audience with counts per rule, writing nothing", async () => {
    const page = await newLoader(ctx(getRequest("/cs/campaigns/new", adminCookie)));
    expect(page.defaults).toEqual({ throttleDays: "90", minAccountAgeDays: "30", reminderAfterDays: "3" });
    const { status, body } = await unwrap(await newAction(ctx(formRequest("/cs/campaigns/new", { ...FORM, intent: "preview" }, adminCookie))));
    expect(status).toBe(200);
    expect(body.preview).toMatchObject({ targeted: 4, excluded: { unsubscribed: 1 }, eligible: 3, recipients: 3 });
    expect(db.select().from(campaigns).all()).toHaveLength(0);
  });

  it("launches and lands on the campaign page, whose counts follow the fan-out", async () => {
    const { status, location } = await unwrap(await newAction(ctx(formRequest("/cs/campaigns/new", { ...FORM, intent: "launch" }, adminCookie))));
    expect(status).toBe(302);
    const id = Number(location!.match(/\/cs\/campaigns\/(\d+)/)![1]);
    await runDueJobs();
    const page = await campaignLoader(ctx(getRequest(`/cs/campaigns/${id}`, adminCookie), { id: String(id) }));
    expect(page.campaign).toMatchObject({ name: "Q3 pulse", status: "sent", recipients: 3 });
    expect(page.progress).toMatchObject({ invitations: 3, queued: 3 });
    const list = await listLoader(ctx(getRequest("/cs/campaigns", adminCookie)));
    expect(list.campaigns).toEqual([expect.objectContaining({ id, name: "Q3 pulse", invited: 3 })]);
  });

  it("schedules for later in the browser's time zone", async () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    const local = start.toISOString().slice(0, 16);
    const { status } = await unwrap(
      await newAction(ctx(formRequest("/cs/campaigns/new", { ...FORM, intent: "launch", schedule: "later", startAt: local, tzOffset: "-540" }, adminCookie))),
    );
    expect(status).toBe(302);
    const row = db.select().from(campaigns).get()!;
    expect(row.status).toBe("scheduled");
    expect(row.scheduledAt).toBe(Date.parse(`${local}:00Z`) - 540 * 60_000);
  });

  it("refuses bad input on its field with 400 and writes nothing", async () => {
    const past = new Date(Date.now() - 86_400_000).toISOString().slice(0, 16);
    const cases: [Record<string, string | string[]>, string][] = [
      [{ segments: "enterprise" }, "segments"],
      [{ samplePercent: "0" }, "samplePercent"],
      [{ samplePercent: "101" }, "samplePercent"],
      [{ dailyCap: "lots" }, "dailyCap"],
      [{ throttleDays: "" }, "throttleDays"],
      [{ name: "" }, "name"],
      [{ schedule: "later", startAt: past }, "startAt"],
      [{ schedule: "later", startAt: "" }, "startAt"],
      [{ accounts: "nope-1, nope-2" }, "accounts"],
    ];
    for (const [change, field] of cases) {
      for (const intent of ["preview", "launch"]) {
        const { status, body } = await unwrap(await newAction(ctx(formRequest("/cs/campaigns/new", { ...FORM, ...change, intent }, adminCookie))));
        expect(status, `${field} ${intent}`).toBe(400);
        expect(body.result.error[field], `${field} ${intent}`).toBeTruthy();
      }
    }
    expect(db.select().from(campaigns).all()).toHaveLength(0);
    expect(db.select().from(jobs).all()).toHaveLength(0);
  });

  it("lets viewers and CSMs see campaigns but not create, launch or cancel them", async () => {
    const { location } = await unwrap(await newAction(ctx(formRequest("/cs/campaigns/new", { ...FORM, intent: "launch" }, adminCookie))));
    const id = location!.match(/\/cs\/campaigns\/(\d+)/)![1];
    for (const role of ["viewer", "csm"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      const page = await campaignLoader(ctx(getRequest(`/cs/campaigns/${id}`, cookie), { id }));
      expect(page.canWrite).toBe(false);
      await expect(newLoader(ctx(getRequest("/cs/campaigns/new", cookie)))).rejects.toMatchObject({ status: 403 });
      await expect(newAction(ctx(formRequest("/cs/campaigns/new", { ...FORM, intent: "launch" }, cookie)))).rejects.toMatchObject({ status: 403 });
      await expect(campaignAction(ctx(formRequest(`/cs/campaigns/${id}`, { intent: "cancel" }, cookie), { id }))).rejects.toMatchObject({ status: 403 });
    }
    expect(db.select().from(campaigns).all()).toHaveLength(1);
    expect(db.select().from(campaigns).get()!.status).toBe("sending");
  });
});

describe("campaign page", () => {
  it("cancels with the button and says how many emails were stopped", async () => {
    const { location } = await unwrap(await newAction(ctx(formRequest("/cs/campaigns/new", { ...FORM, intent: "launch" }, adminCookie))));
    const id = location!.match(/\/cs\/campaigns\/(\d+)/)![1];
    await runDueJobs();
    const { status, location: back } = await unwrap(await campaignAction(ctx(formRequest(`/cs/campaigns/${id}`, { intent: "cancel" }, adminCookie), { id })));
    expect(status).toBe(302);
    expect(back).toBe(`/cs/campaigns/${id}?cancelled=3`);
    expect(db.select().from(outbox).where(eq(outbox.status, "dead")).all()).toHaveLength(3);
    const again = await unwrap(await campaignAction(ctx(formRequest(`/cs/campaigns/${id}`, { intent: "cancel" }, adminCookie), { id })));
    expect(again.status).toBe(409);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    await expect(campaignLoader(ctx(getRequest("/cs/campaigns/999999", adminCookie), { id: "999999" }))).rejects.toMatchObject({ status: 404 });
    for (const id of ["abc", "-1"]) {
      await expect(campaignLoader(ctx(getRequest(`/cs/campaigns/${id}`, adminCookie), { id }))).rejects.toMatchObject({ status: 400 });
    }
  });
});
