import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, contacts } from "../../db/schema";
import { action, loader } from "../../app/routes/u.$token";
import { db, sqlite } from "../../app/utils/db.server";
import { formRequest, getRequest } from "../factories";
import { createInvitation } from "../factories/nps";

const args = (request: Request, token: string) => ({ request, params: { token }, context: {} });
const statusOf = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: ResponseInit | null }).init?.status ?? 200));
const payloadOf = <T>(result: unknown) => (result as { data: T }).data;
const totalChanges = () => (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;
const unsubscribedAt = (contactId: number) => db.select().from(contacts).where(eq(contacts.id, contactId)).get()!.unsubscribedAt;

describe("unsubscribe", () => {
  it("GET shows a confirm page with the address masked and writes nothing", async () => {
    const { unsubscribeToken, contactId } = createInvitation({ locale: "ja" });
    db.update(contacts).set({ email: "hanako@example.jp" }).where(eq(contacts.id, contactId)).run();
    const before = totalChanges();
    const result = await loader(args(getRequest(`/u/${unsubscribeToken}`), unsubscribeToken));
    expect(statusOf(result)).toBe(200);
    expect(payloadOf(result)).toMatchObject({ state: "subscribed", email: "h***@example.jp", language: "ja" });
    expect(totalChanges()).toBe(before);
    expect(unsubscribedAt(contactId)).toBeNull();
  });

  it("the page's button unsubscribes, and resubscribing turns surveys back on, both audited", async () => {
    const { unsubscribeToken, contactId } = createInvitation();
    const off = await action(args(formRequest(`/u/${unsubscribeToken}`, { action: "unsubscribe" }), unsubscribeToken));
    expect(payloadOf(off)).toEqual({ outcome: "unsubscribed" });
    expect(unsubscribedAt(contactId)).toBeInstanceOf(Date);
    expect(payloadOf(await loader(args(getRequest(`/u/${unsubscribeToken}`), unsubscribeToken)))).toMatchObject({ state: "unsubscribed" });

    // Repeating it changes nothing.
    const before = totalChanges();
    await action(args(formRequest(`/u/${unsubscribeToken}`, { action: "unsubscribe" }), unsubscribeToken));
    expect(totalChanges()).toBe(before);

    const on = await action(args(formRequest(`/u/${unsubscribeToken}`, { action: "resubscribe" }), unsubscribeToken));
    expect(payloadOf(on)).toEqual({ outcome: "resubscribed" });
    expect(unsubscribedAt(contactId)).toBeNull();
    const entries = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(contactId)))
      .all()
      .map((e) => e.action);
    expect(entries).toEqual(["contact.unsubscribed", "contact.resubscribed"]);
  });

  it("RFC 8058 one-click POST unsubscribes at once without a cookie and answers 200", async () => {
    const { unsubscribeToken, contactId } = createInvitation();
    const request = new Request(`http://localhost/u/${unsubscribeToken}`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const result = (await action(args(request, unsubscribeToken))) as Response;
    expect(result.status).toBe(200);
    expect(await result.text()).toContain("Unsubscribed");
    expect(unsubscribedAt(contactId)).toBeInstanceOf(Date);

    const multipart = new FormData();
    multipart.set("List-Unsubscribe", "One-Click");
    const second = createInvitation();
    const viaMultipart = (await action(
      args(new Request(`http://localhost/u/${second.unsubscribeToken}`, { method: "POST", body: multipart }), second.unsubscribeToken),
    )) as Response;
    expect(viaMultipart.status).toBe(200);
    expect(unsubscribedAt(second.contactId)).toBeInstanceOf(Date);
  });

  it("unknown tokens get a 404 page, and a form without a choice a 400, writing nothing", async () => {
    const { unsubscribeToken, contactId } = createInvitation();
    const before = totalChanges();
    expect(statusOf(await loader(args(getRequest("/u/nope"), "nope")))).toBe(404);
    const unknown = "Z".repeat(43);
    expect(statusOf(await action(args(formRequest(`/u/${unknown}`, { "List-Unsubscribe": "One-Click" }), unknown)))).toBe(404);
    expect(statusOf(await action(args(formRequest(`/u/${unsubscribeToken}`, { action: "delete-everything" }), unsubscribeToken)))).toBe(400);
    expect(totalChanges()).toBe(before);
    expect(unsubscribedAt(contactId)).toBeNull();
  });
});
