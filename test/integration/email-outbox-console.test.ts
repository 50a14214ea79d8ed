import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { loader as detailLoader } from "../../app/routes/cs.outbox.$id";
import { loader as previewLoader } from "../../app/routes/cs.outbox.$id.preview";
import { loader as listLoader } from "../../app/routes/cs.outbox._index";
import { deliverOutbox } from "../../app/services/deliver-outbox.server";
import { db } from "../../app/utils/db.server";
import { sendEmail } from "../factories/email";
import { createStaff, getRequest, staffCookie } from "../factories";

const args = (path: string, cookie?: string, params: Record<string, string> = {}) => ({ request: getRequest(path, cookie), params, context: {} });

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

let admin: string;
const ids: number[] = [];

beforeAll(async () => {
  admin = await staffCookie(createStaff("admin").id);
  const props = { name: "Hanako", url: "http://localhost:3000/login/token-1", expiresMinutes: 15 };
  for (let i = 0; i < 60; i++) ids.push(await sendEmail("magic-link", props, { to: `reader${i}@example.com`, locale: i % 2 ? "ja" : "en" }));
  await deliverOutbox(); // local mode: all become `local`
  ids.push(await sendEmail("magic-link", props, { to: "waiting@example.com", locale: "en", headers: { "X-Entity-Ref-ID": "ref-1" } }));
  db.update(outbox).set({ status: "dead", lastError: "Resend: HTTP 422, validation_error: Invalid `to` field." }).where(eq(outbox.id, ids[0])).run();
});

describe("/cs/outbox", () => {
  it("is for admins: signed-out visitors go to sign-in, viewers and CSMs are refused", async () => {
    const signedOut = await listLoader(args("/cs/outbox")).catch((r: Response) => r);
    expect((signedOut as Response).status).toBe(302);
    expect((signedOut as Response).headers.get("Location")).toContain("/cs/login");
    for (const role of ["viewer", "csm"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      expect(await status(listLoader(args("/cs/outbox", cookie)))).toBe(403);
      expect(await status(detailLoader(args(`/cs/outbox/${ids[1]}`, cookie, { id: String(ids[1]) })))).toBe(403);
    }
  });

  it("lists the newest first with counts per status, one page at a time", async () => {
    const first = await listLoader(args("/cs/outbox", admin));
    expect(first.mode).toBe("local");
    expect(first.items).toHaveLength(50);
    expect(first.items[0]).toMatchObject({ toEmail: "waiting@example.com", status: "queued" });
    expect(first.items.map((i) => i.id)).toEqual([...first.items.map((i) => i.id)].sort((a, b) => b - a));
    expect(first.counts).toEqual({ queued: 1, sending: 0, sent: 0, local: 59, dead: 1 });
    expect(first.newerCursor).toBeNull();
    expect(first.olderCursor).not.toBeNull();

    const second = await listLoader(args(`/cs/outbox?before=${first.olderCursor}`, admin));
    expect(second.items).toHaveLength(11);
    expect(second.olderCursor).toBeNull();
    expect(second.newerCursor).toBe(second.items[0].id);

    const back = await listLoader(args(`/cs/outbox?after=${second.newerCursor}`, admin));
    expect(back.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
  });

  it("filters by status and by recipient", async () => {
    const dead = await listLoader(args("/cs/outbox?status=dead", admin));
    expect(dead.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(dead.items[0].lastError).toContain("422");

    const byRecipient = await listLoader(args("/cs/outbox?to=READER1", admin));
    expect(byRecipient.items.map((i) => i.toEmail).sort()).toEqual(
      ["reader1@example.com", ...Array.from({ length: 10 }, (_, i) => `reader1${i}@example.com`)].sort(),
    );
    // `_` is a literal character here, not a wildcard.
    expect((await listLoader(args("/cs/outbox?to=reader_", admin))).items).toHaveLength(0);
    // Blank fields from the form mean "no filter".
    expect((await listLoader(args("/cs/outbox?status=&to=", admin))).items).toHaveLength(50);
  });

  it("answers a bad filter with 400 and a reason", async () => {
    const response = await listLoader(args("/cs/outbox?status=bounced", admin)).catch((r: Response) => r);
    expect((response as Response).status).toBe(400);
    expect(await (response as Response).text()).toContain("status");
    expect(await status(listLoader(args("/cs/outbox?before=abc", admin)))).toBe(400);
  });

  it("shows one email: envelope, headers, tags, delivery facts, HTML and text", async () => {
    const id = ids[ids.length - 1];
    const { email } = await detailLoader(args(`/cs/outbox/${id}`, admin, { id: String(id) }));
    expect(email).toMatchObject({ id, toEmail: "waiting@example.com", status: "queued", attempts: 0, headers: { "X-Entity-Ref-ID": "ref-1" } });
    expect(email.tags).toEqual([{ name: "template", value: "magic-link" }]);
    expect(email).not.toHaveProperty("html");
    expect(email.text).toContain("http://localhost:3000/login/token-1");
    const preview = await previewLoader(args(`/cs/outbox/${id}/preview`, admin, { id: String(id) }));
    expect(await preview.text()).toContain("<html");
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect(await status(detailLoader(args("/cs/outbox/999999", admin, { id: "999999" })))).toBe(404);
    expect(await status(detailLoader(args("/cs/outbox/abc", admin, { id: "abc" })))).toBe(400);
  });
});
