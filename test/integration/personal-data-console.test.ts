import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, contacts, doNotContact } from "../../db/schema";
import { action as contactAction, loader as contactLoader } from "../../app/routes/cs.contacts.$id";
import { loader as contactsLoader } from "../../app/routes/cs.contacts._index";
import { loader as exportLoader } from "../../app/routes/cs.contacts_.$id.export[.]json";
import { db } from "../../app/utils/db.server";
import { createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

/* The contact page's personal data panel, through its loader and action as a browser reaches them. */

let adminCookie: string;
let csmCookie: string;

beforeAll(async () => {
  adminCookie = await staffCookie(createStaff("admin").id);
  csmCookie = await staffCookie(createStaff("csm").id);
});

const args = (request: Request, id: number) => ({ request, params: { id: String(id) }, context: {} }) as never;

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    const result = await promise;
    return result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200);
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("/cs/contacts/:id", () => {
  it("shows an admin the contact, and links the list to it for admins only", async () => {
    const contact = createContact({ email: "page@example.com", name: "Page Person" });
    const page = (await contactLoader(args(getRequest(`/cs/contacts/${contact.id}`, adminCookie), contact.id))) as {
      contact: { email: string; posts: number | null };
      title: string;
    };
    // Not a community member: no post count at all, rather than 0.
    expect(page.contact).toMatchObject({ email: "page@example.com", posts: null });
    expect(page.title).toContain("Page Person");
    const list = (r: string) => contactsLoader({ request: getRequest("/cs/contacts", r), params: {}, context: {} } as never);
    expect((await list(adminCookie)).canManage).toBe(true);
    expect((await list(csmCookie)).canManage).toBe(false);
  });

  it("answers 404 for a contact that does not exist and 400 for a malformed id", async () => {
    expect(await status(contactLoader(args(getRequest("/cs/contacts/999999", adminCookie), 999999)))).toBe(404);
    expect(await status(contactLoader({ request: getRequest("/cs/contacts/abc", adminCookie), params: { id: "abc" }, context: {} } as never))).toBe(400);
  });

  it("refuses a CSM the page, the export and the erasure (403), and writes nothing", async () => {
    const contact = createContact({ email: "guarded.page@example.com", name: "Guarded" });
    expect(await status(contactLoader(args(getRequest(`/cs/contacts/${contact.id}`, csmCookie), contact.id)))).toBe(403);
    expect(await status(exportLoader(args(getRequest(`/cs/contacts/${contact.id}/export.json`, csmCookie), contact.id)))).toBe(403);
    const erase = formRequest(`/cs/contacts/${contact.id}`, { intent: "erase", confirmEmail: contact.email, posts: "keep" }, csmCookie);
    expect(await status(contactAction(args(erase, contact.id)))).toBe(403);
    expect(db.select().from(contacts).where(eq(contacts.id, contact.id)).get()).toMatchObject({ email: contact.email, erasedAt: null });
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(contact.id)))
        .all(),
    ).toEqual([]);
  });

  it("downloads the export as a JSON attachment and audits it", async () => {
    const contact = createContact({ email: "download@example.com", name: "Download Person" });
    const response = (await exportLoader(args(getRequest(`/cs/contacts/${contact.id}/export.json`, adminCookie), contact.id))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body.contact).toMatchObject({ email: "download@example.com", name: "Download Person" });
    expect(body.summary).toContain("Personal data held by Kizuna");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "contact.personal_data_exported")).all()).toHaveLength(1);
  });

  it("refuses a forged erase without the typed address or the posts choice (400), writing nothing", async () => {
    const contact = createContact({ email: "forged@example.com", name: "Forged" });
    for (const form of <Record<string, string>[]>[
      { intent: "erase", posts: "keep" },
      { intent: "erase", confirmEmail: "other@example.com", posts: "keep" },
      { intent: "erase", confirmEmail: contact.email },
      { intent: "erase", confirmEmail: contact.email, posts: "shred" },
    ]) {
      const result = (await contactAction(args(formRequest(`/cs/contacts/${contact.id}`, form, adminCookie), contact.id))) as { init: { status: number } };
      expect(result.init.status, JSON.stringify(form)).toBe(400);
    }
    expect(db.select().from(contacts).where(eq(contacts.id, contact.id)).get()).toMatchObject({ email: contact.email, name: "Forged", erasedAt: null });
    expect(db.select().from(doNotContact).all()).toEqual([]);
  });

  it("erases with the typed address and the choice, then shows the contact as erased and leaves it out of the list", async () => {
    const contact = createContact({ email: "gone@example.com", name: "Gone Person" });
    const response = (await contactAction(
      args(formRequest(`/cs/contacts/${contact.id}`, { intent: "erase", confirmEmail: " Gone@Example.com ", posts: "delete" }, adminCookie), contact.id),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/cs/contacts/${contact.id}?done=erased`);
    const page = (await contactLoader(args(getRequest(`/cs/contacts/${contact.id}?done=erased`, adminCookie), contact.id))) as {
      contact: { name: string | null; erasedAt: number | null };
      erasedNow: boolean;
      title: string;
    };
    expect(page).toMatchObject({ erasedNow: true, contact: { name: null } });
    expect(page.title).not.toContain("gone@");
    const list = await contactsLoader({ request: getRequest("/cs/contacts?q=gone", adminCookie), params: {}, context: {} } as never);
    expect(list.total).toBe(0);
    // Erasing again is refused with a clear message, not a 500.
    const again = (await contactAction(
      args(formRequest(`/cs/contacts/${contact.id}`, { intent: "erase", confirmEmail: "gone@example.com", posts: "keep" }, adminCookie), contact.id),
    )) as { init: { status: number } };
    expect(again.init.status).toBe(409);
  });
});
