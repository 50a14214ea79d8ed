import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { apiKeys, auditLog } from "../../db/schema";
import { action, loader } from "../../app/routes/cs.api-keys";
import { sha256 } from "../../app/utils/crypto.server";
import { db } from "../../app/utils/db.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number; headers?: Record<string, string> } | null };

/** Calls the action; `data(...)` results carry a status and headers, plain objects mean 200. */
async function post(form: Record<string, string | string[]>, cookie: string) {
  const value = (await action({ request: formRequest("/cs/api-keys", form, cookie), params: {}, context: {} } as never)) as Wrapped | Record<string, any>;
  if (value.type === "DataWithResponseInit") {
    const wrapped = value as Wrapped;
    return { status: wrapped.init?.status ?? 200, headers: wrapped.init?.headers ?? {}, body: wrapped.data };
  }
  return { status: 200, headers: {} as Record<string, string>, body: value as Record<string, any> };
}

let adminCookie: string;

beforeEach(async () => {
  db.delete(apiKeys).run();
  adminCookie = await staffCookie(createStaff("admin").id);
});

describe("/cs/api-keys", () => {
  it("creates a key, shows it once, stores only its hash, and audits it", async () => {
    const { status, headers, body } = await post({ intent: "create", name: "Salesforce sync", scopes: ["accounts:write", "contacts:write"] }, adminCookie);
    expect(status).toBe(200);
    expect(headers["Cache-Control"]).toBe("no-store");
    const key: string = body.created.key;
    expect(key).toMatch(/^kz_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
    const stored = db.select().from(apiKeys).get()!;
    expect(stored).toMatchObject({ name: "Salesforce sync", prefix: key.slice(0, 11), keyHash: sha256(key), scopes: ["accounts:write", "contacts:write"] });
    expect(JSON.stringify(stored)).not.toContain(key.slice(12));
    expect(db.select().from(auditLog).where(eq(auditLog.action, "api_key.created")).all().length).toBeGreaterThan(0);

    const page = await loader({ request: getRequest("/cs/api-keys", adminCookie), params: {}, context: {} } as never);
    expect(page.keys).toHaveLength(1);
    expect(JSON.stringify(page)).not.toContain(key.slice(12));
    expect(JSON.stringify(page)).not.toContain(stored.keyHash);
    expect(page.keys[0]).toMatchObject({ prefix: stored.prefix, createdByName: expect.any(String), revokedAt: null, lastUsedAt: null });
  });

  it("refuses a key without a name or scopes, and an unknown scope, creating nothing", async () => {
    const noScopes = await post({ intent: "create", name: "x" }, adminCookie);
    expect(noScopes.status).toBe(400);
    expect(noScopes.body.result.error.scopes).toBeDefined();
    const noName = await post({ intent: "create", name: " ", scopes: "accounts:write" }, adminCookie);
    expect(noName.status).toBe(400);
    expect(noName.body.result.error.name).toBeDefined();
    const bogus = await post({ intent: "create", name: "x", scopes: ["accounts:write", "admin:everything"] }, adminCookie);
    expect(bogus.status).toBe(400);
    expect(db.select().from(apiKeys).all()).toHaveLength(0);
  });

  it("revokes a key once, with an audit entry", async () => {
    const { body } = await post({ intent: "create", name: "Old", scopes: "contacts:read" }, adminCookie);
    const id = String(body.created.id);
    const revoked = await post({ intent: "revoke", id }, adminCookie);
    expect(revoked.body).toMatchObject({ revoked: { name: "Old" } });
    expect(db.select().from(apiKeys).get()!.revokedAt).toBeInstanceOf(Date);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "api_key.revoked")).get()).toMatchObject({ entityId: id });

    const again = await post({ intent: "revoke", id }, adminCookie);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already revoked/);
    expect((await post({ intent: "revoke", id: "999999" }, adminCookie)).status).toBe(404);
    expect((await post({ intent: "revoke", id: "abc" }, adminCookie)).status).toBe(400);
  });

  it("refuses viewers and CSMs: they can neither see nor create nor revoke keys", async () => {
    const { body } = await post({ intent: "create", name: "Keep", scopes: "contacts:read" }, adminCookie);
    for (const role of ["viewer", "csm"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      await expect(loader({ request: getRequest("/cs/api-keys", cookie), params: {}, context: {} } as never)).rejects.toMatchObject({ status: 403 });
      await expect(post({ intent: "create", name: "Mine", scopes: "accounts:write" }, cookie)).rejects.toMatchObject({ status: 403 });
      await expect(post({ intent: "revoke", id: String(body.created.id) }, cookie)).rejects.toMatchObject({ status: 403 });
    }
    expect(db.select().from(apiKeys).all()).toEqual([expect.objectContaining({ name: "Keep", revokedAt: null })]);
  });
});
