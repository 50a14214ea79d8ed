import { describe, expect, it } from "vitest";
import { audit } from "../../app/models/audit.server";
import { loader as auditLoader } from "../../app/routes/cs.audit";
import { action as userAction } from "../../app/routes/cs.users_.$id";
import { createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request) => ({ request, params: {}, context: {} });

async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

async function adminCookie() {
  return staffCookie(createStaff("admin").id);
}

describe("who may read the audit log", () => {
  it.each(["viewer", "csm"] as const)("refuses a %s with 403", async (role) => {
    const cookie = await staffCookie(createStaff(role).id);
    const response = await settle(auditLoader(args(getRequest("/cs/audit", cookie))));
    expect((response as Response).status).toBe(403);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await settle(auditLoader(args(getRequest("/cs/audit"))));
    expect((response as Response).status).toBe(302);
  });
});

describe("reading the audit log", () => {
  it("shows who did what to whom, newest first, with IP and detail", async () => {
    const admin = createStaff("admin", { name: "Rie Admin" });
    const target = createStaff("viewer", { name: "Taro Viewer" });
    const cookie = await staffCookie(admin.id);
    await userAction({
      request: formRequest(`/cs/users/${target.id}`, { intent: "role", role: "csm" }, cookie, { "x-kizuna-client-ip": "192.0.2.44" }),
      params: { id: String(target.id) },
      context: {},
    });
    await userAction({
      request: formRequest(`/cs/users/${target.id}`, { intent: "access", disabled: "true" }, cookie, { "x-kizuna-client-ip": "192.0.2.44" }),
      params: { id: String(target.id) },
      context: {},
    });

    const page = await auditLoader(args(getRequest(`/cs/audit?actor=${admin.id}`, cookie)));
    expect(page.entries.map((e) => e.action)).toEqual(["user.disabled", "user.role_changed"]);
    expect(page.entries[1]).toMatchObject({
      actorName: "Rie Admin",
      actorEmail: admin.email,
      targetUserName: "Taro Viewer",
      ip: "192.0.2.44",
      detail: { from: "viewer", to: "csm" },
    });
    expect(page.entries[1].at).toBeInstanceOf(Date);
  });

  it("names the customer behind a portal sign-in", async () => {
    const contact = createContact({ email: "yui@customer.example" });
    audit({ action: "auth.contact_sign_in", entity: "contact", entityId: contact.id, ip: "192.0.2.9" });
    const page = await auditLoader(args(getRequest("/cs/audit?action=auth.contact_sign_in&actor=none", await adminCookie())));
    expect(page.entries[0]).toMatchObject({ actorUserId: null, contactEmail: "yui@customer.example", ip: "192.0.2.9" });
  });

  it("filters by action and by actor, and lists the actions there are", async () => {
    const alice = createStaff("admin");
    const bob = createStaff("admin");
    audit({ actorUserId: alice.id, action: "tag.renamed" });
    audit({ actorUserId: bob.id, action: "tag.renamed" });
    audit({ actorUserId: alice.id, action: "tag.deleted" });
    audit({ actorUserId: null, action: "tag.deleted" });
    const cookie = await adminCookie();

    const byAction = await auditLoader(args(getRequest("/cs/audit?action=tag.renamed", cookie)));
    expect(byAction.entries.map((e) => e.actorUserId)).toEqual([bob.id, alice.id]);

    const byActor = await auditLoader(args(getRequest(`/cs/audit?actor=${alice.id}&action=`, cookie)));
    expect(byActor.entries.map((e) => e.action)).toEqual(["tag.deleted", "tag.renamed"]);

    const both = await auditLoader(args(getRequest(`/cs/audit?actor=${alice.id}&action=tag.deleted`, cookie)));
    expect(both.entries).toHaveLength(1);

    const system = await auditLoader(args(getRequest("/cs/audit?actor=none&action=tag.deleted", cookie)));
    expect(system.entries.map((e) => e.actorUserId)).toEqual([null]);

    expect(byAction.actions).toEqual(expect.arrayContaining(["tag.renamed", "tag.deleted"]));
    expect(byAction.actors.map((a) => a.id)).toEqual(expect.arrayContaining([alice.id, bob.id]));
  });

  it("pages with a keyset: every entry once, in order, forwards and back", async () => {
    for (let i = 1; i <= 120; i++) audit({ action: "tags.rules_applied", detail: { n: i } });
    const cookie = await adminCookie();
    const seen: number[] = [];
    let url = "/cs/audit?action=tags.rules_applied";
    const pages: Awaited<ReturnType<typeof auditLoader>>[] = [];
    for (;;) {
      const page = await auditLoader(args(getRequest(url, cookie)));
      pages.push(page);
      seen.push(...page.entries.map((e) => Number(e.detail?.n)));
      if (!page.olderCursor) break;
      url = `/cs/audit?action=tags.rules_applied&before=${page.olderCursor}`;
    }
    expect(pages.map((p) => p.entries.length)).toEqual([50, 50, 20]);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i));
    expect(pages[0].newerCursor).toBeNull();

    // Back from the last page to the one before it.
    const back = await auditLoader(args(getRequest(`/cs/audit?action=tags.rules_applied&after=${pages[2].newerCursor}`, cookie)));
    expect(back.entries.map((e) => Number(e.detail?.n))).toEqual(pages[1].entries.map((e) => Number(e.detail?.n)));
    expect(back.olderCursor).not.toBeNull();
    expect(back.newerCursor).not.toBeNull();
  });

  it("narrows to one user's entries from the user page", async () => {
    const admin = createStaff("admin");
    const target = createStaff("viewer");
    audit({ actorUserId: admin.id, action: "user.enabled", entity: "user", entityId: target.id });
    audit({ actorUserId: admin.id, action: "user.enabled", entity: "user", entityId: admin.id });
    const page = await auditLoader(args(getRequest(`/cs/audit?entity=user&entityId=${target.id}`, await adminCookie())));
    expect(page.entries.map((e) => e.entityId)).toEqual([String(target.id)]);
  });

  it("answers 400 with a readable message for a malformed filter", async () => {
    const cookie = await adminCookie();
    for (const query of ["actor=someone", "before=-3", "action=DROP%20TABLE"]) {
      const response = await settle(auditLoader(args(getRequest(`/cs/audit?${query}`, cookie))));
      expect((response as Response).status).toBe(400);
      expect(await (response as Response).text()).toMatch(/is not valid/);
    }
  });
});
