import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { campaigns, invitations, outbox, suppressions, webhookEvents } from "../../db/schema";
import { signSvix } from "../../app/utils/svix.server";
import * as route from "../../app/routes/webhooks.resend";
import { handleResendWebhook } from "../../app/services/handle-resend-webhook.server";
import { db } from "../../app/utils/db.server";
import { createContact } from "../factories";

const SECRET = `whsec_${Buffer.from("kizuna webhook test secret 32 by").toString("base64")}`;
process.env.RESEND_WEBHOOK_SECRET = SECRET;

let sequence = 0;

/** A sent invitation email: contact, campaign, outbox row with the provider's id, invitation. */
function sentInvitation(status: (typeof invitations.$inferSelect)["status"] = "sent") {
  const n = ++sequence;
  const contact = createContact({ email: `person${n}@customer.example` });
  const campaign = db
    .insert(campaigns)
    .values({
      name: `Wave ${n}`,
      status: "sending",
      targeting: {},
      rules: { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: 3 },
      createdAt: Date.now(),
    })
    .returning()
    .get();
  const mail = db
    .insert(outbox)
    .values({
      template: "nps-invitation",
      toEmail: contact.email,
      fromEmail: "nps@kizuna.test",
      subject: "How likely…",
      headers: {},
      tags: [],
      locale: "en",
      contactId: contact.id,
      status: "sent",
      nextAttemptAt: 0,
      createdAt: Date.now(),
      providerId: `re_${n}`,
    })
    .returning()
    .get();
  const invitation = db
    .insert(invitations)
    .values({
      campaignId: campaign.id,
      contactId: contact.id,
      accountId: contact.accountId,
      tokenHash: `t${n}`,
      unsubscribeTokenHash: `u${n}`,
      locale: "en",
      status,
      dueAt: 0,
      outboxId: mail.id,
      createdAt: Date.now(),
    })
    .returning()
    .get();
  return { contact, mail, invitation };
}

const invitationNow = (id: number) => db.select().from(invitations).where(eq(invitations.id, id)).get()!;

function event(type: string, emailId: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ type, created_at: "2026-03-15T12:00:00.000Z", data: { email_id: emailId, to: ["x@example.com"], ...extra } });
}

async function post(body: string, options: { id?: string; secret?: string; timestamp?: number; signature?: string; omit?: string[] } = {}) {
  const id = options.id ?? `msg_${++sequence}`;
  const timestamp = String(Math.floor((options.timestamp ?? Date.now()) / 1000));
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "svix-id": id,
    "svix-timestamp": timestamp,
    "svix-signature": options.signature ?? signSvix(options.secret ?? SECRET, id, timestamp, body),
  };
  for (const name of options.omit ?? []) delete headers[name];
  const response = (await route.action({
    request: new Request("http://localhost/webhooks/resend", { method: "POST", headers, body }),
    params: {},
    context: {},
  } as never)) as Response;
  return { status: response.status, body: await response.json() };
}

beforeEach(() => {
  for (const table of [webhookEvents, suppressions, invitations, outbox, campaigns]) db.delete(table).run();
});

describe("Resend delivery webhooks", () => {
  it("applies a delivered event once; a replay with the same svix-id changes nothing", async () => {
    const { invitation, mail } = sentInvitation();
    const body = event("email.delivered", mail.providerId!);
    const first = await post(body, { id: "msg_delivered" });
    expect(first).toMatchObject({ status: 200, body: { result: "applied" } });
    const delivered = invitationNow(invitation.id);
    expect(delivered).toMatchObject({ status: "delivered", deliveredAt: Date.parse("2026-03-15T12:00:00.000Z") });

    db.update(invitations).set({ deliveredAt: 1 }).where(eq(invitations.id, invitation.id)).run();
    const replay = await post(body, { id: "msg_delivered" });
    expect(replay).toMatchObject({ status: 200, body: { result: "duplicate" } });
    expect(invitationNow(invitation.id).deliveredAt).toBe(1);
    expect(db.select().from(webhookEvents).all()).toHaveLength(1);
  });

  it("never moves an invitation backwards: delivered after bounced stays bounced", async () => {
    const { invitation, mail } = sentInvitation();
    await post(event("email.bounced", mail.providerId!, { bounce: { type: "Permanent", subType: "General", message: "No such user" } }));
    await post(event("email.delivered", mail.providerId!));
    await post(event("email.sent", mail.providerId!));
    expect(invitationNow(invitation.id)).toMatchObject({ status: "bounced", bouncedAt: Date.parse("2026-03-15T12:00:00.000Z") });
  });

  it("suppresses hard bounces and complaints, not soft bounces", async () => {
    const hard = sentInvitation();
    const soft = sentInvitation();
    const complaint = sentInvitation("delivered");
    await post(event("email.bounced", hard.mail.providerId!, { bounce: { type: "Permanent", message: "Mailbox does not exist" } }));
    await post(event("email.bounced", soft.mail.providerId!, { bounce: { type: "Transient", message: "Mailbox full" } }));
    await post(event("email.complained", complaint.mail.providerId!));
    const suppressed = db.select().from(suppressions).all();
    expect(suppressed.map((s) => [s.email, s.reason])).toEqual(
      expect.arrayContaining([
        [hard.contact.email, "bounced"],
        [complaint.contact.email, "complained"],
      ]),
    );
    expect(suppressed).toHaveLength(2);
    expect(suppressed.find((s) => s.reason === "bounced")!.detail).toContain("Mailbox does not exist");
    expect(invitationNow(soft.invitation.id).status).toBe("bounced");
    expect(invitationNow(complaint.invitation.id).status).toBe("complained");
  });

  it("moves sent → delayed → delivered and records when", async () => {
    const { invitation, mail } = sentInvitation("queued");
    await post(event("email.sent", mail.providerId!));
    expect(invitationNow(invitation.id)).toMatchObject({ status: "sent", sentAt: Date.parse("2026-03-15T12:00:00.000Z") });
    await post(event("email.delivery_delayed", mail.providerId!));
    expect(invitationNow(invitation.id).status).toBe("delayed");
    await post(event("email.delivered", mail.providerId!));
    expect(invitationNow(invitation.id).status).toBe("delivered");
    const failed = sentInvitation();
    await post(event("email.failed", failed.mail.providerId!));
    expect(invitationNow(failed.invitation.id).status).toBe("failed");
  });

  it("records and ignores an unknown email id or an event type that changes nothing", async () => {
    const unknown = await post(event("email.delivered", "re_not_ours"));
    expect(unknown).toMatchObject({ status: 200, body: { result: "recorded" } });
    const opened = await post(event("email.opened", "re_not_ours"));
    expect(opened).toMatchObject({ status: 200, body: { result: "recorded" } });
    expect(db.select().from(webhookEvents).all()).toHaveLength(2);
  });

  it("refuses forged, wrong-secret, stale and future deliveries (401) and writes nothing", async () => {
    const { invitation, mail } = sentInvitation();
    const body = event("email.bounced", mail.providerId!);
    const wrongSecret = await post(body, { secret: `whsec_${Buffer.from("somebody else's secret").toString("base64")}` });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toMatch(/signature/);
    expect((await post(body, { signature: "v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiB0aGlydHktdHdvIGJ5dGVzIQ==" })).status).toBe(401);
    expect((await post(body, { timestamp: Date.now() - 6 * 60_000 })).status).toBe(401);
    expect((await post(body, { timestamp: Date.now() + 6 * 60_000 })).status).toBe(401);
    // A body altered after signing.
    const id = "msg_tampered";
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = signSvix(SECRET, id, ts, event("email.delivered", mail.providerId!));
    const request = new Request("http://localhost/webhooks/resend", {
      method: "POST",
      headers: { "svix-id": id, "svix-timestamp": ts, "svix-signature": signature },
      body,
    });
    expect(((await route.action({ request, params: {}, context: {} } as never)) as Response).status).toBe(401);

    expect(invitationNow(invitation.id).status).toBe("sent");
    expect(db.select().from(suppressions).all()).toHaveLength(0);
    expect(db.select().from(webhookEvents).all()).toHaveLength(0);
  });

  it("refuses missing headers, bad JSON and events without an email id (400) and writes nothing", async () => {
    const { mail } = sentInvitation();
    const missing = await post(event("email.delivered", mail.providerId!), { omit: ["svix-signature"] });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain("svix-signature");
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ type: "email.delivered", data: {} }))).status).toBe(400);
    expect((await post(JSON.stringify(["an", "array"]))).status).toBe(400);
    expect(db.select().from(webhookEvents).all()).toHaveLength(0);
  });

  it("answers GET with 405, refuses oversized bodies, and 503 without a configured secret", async () => {
    const get = route.loader() as Response;
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    const big = await post(JSON.stringify({ type: "email.sent", data: { email_id: "x", pad: "x".repeat(300_000) } }));
    expect(big.status).toBe(413);
    const outcome = handleResendWebhook({ secret: undefined, headers: { id: "a", timestamp: "1", signature: "v1,x" }, body: "{}" });
    expect(outcome.status).toBe(503);
    expect(outcome.message).toContain("RESEND_WEBHOOK_SECRET");
  });
});
