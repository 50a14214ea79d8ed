import { and, desc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, staffSessions, users } from "../../db/schema";
import { loader as consoleLoader } from "../../app/routes/cs";
import { action as usersAction, loader as usersLoader } from "../../app/routes/cs.users";
import { action as userAction, loader as userLoader } from "../../app/routes/cs.users_.$id";
import { changeUserRole } from "../../app/services/change-user-role.server";
import { fieldMessage, wordMessage } from "../../app/domain/field-message";
import { ServiceError } from "../../app/domain/service-error";
import { db } from "../../app/utils/db.server";
import { verifyPassword } from "../../app/utils/password.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const IP = { "x-kizuna-client-ip": "198.51.100.7" };

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: ResponseInit | null }).init?.status ?? 200;
}
function payloadOf<T>(result: unknown): T {
  return (result as { data: T }).data;
}
async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

function userRow(id: number) {
  return db.select().from(users).where(eq(users.id, id)).get()!;
}
function auditFor(userId: number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, String(userId))))
    .orderBy(desc(auditLog.id))
    .all();
}
function sessionsOf(userId: number) {
  return db.select().from(staffSessions).where(eq(staffSessions.userId, userId)).all();
}
/** Makes `admin` the only active admin, as on a fresh install. */
function soleAdmin() {
  db.update(users)
    .set({ disabledAt: new Date() })
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .run();
  return createStaff("admin");
}

const post = (path: string, form: Record<string, string>, cookie: string) => formRequest(path, form, cookie, IP);

describe("who may manage users", () => {
  it.each(["viewer", "csm"] as const)("refuses a %s with 403 on every loader and action, and writes nothing", async (role) => {
    const someone = createStaff(role);
    const target = createStaff("viewer");
    const cookie = await staffCookie(someone.id);
    const before = db.select().from(users).all();

    const responses = [
      await settle(usersLoader(args(getRequest("/cs/users", cookie)))),
      await settle(usersAction(args(post("/cs/users", { email: "new@kizuna.test", name: "New", role: "admin", password: "a-long-password-1" }, cookie)))),
      await settle(userLoader(args(getRequest(`/cs/users/${target.id}`, cookie), { id: String(target.id) }))),
      await settle(userAction(args(post(`/cs/users/${target.id}`, { intent: "role", role: "admin" }, cookie), { id: String(target.id) }))),
      await settle(userAction(args(post(`/cs/users/${someone.id}`, { intent: "role", role: "admin" }, cookie), { id: String(someone.id) }))),
      await settle(userAction(args(post(`/cs/users/${target.id}`, { intent: "access", disabled: "true" }, cookie), { id: String(target.id) }))),
    ];
    expect(responses.map(statusOf)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(db.select().from(users).all()).toEqual(before);
  });

  it("refuses a non-admin inside the service too", () => {
    const csm = createStaff("csm");
    const target = createStaff("viewer");
    expect(() => changeUserRole({ ...csm }, { userId: target.id, role: "admin" })).toThrow(ServiceError);
    expect(userRow(target.id).role).toBe("viewer");
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await settle(usersLoader(args(getRequest("/cs/users"))));
    expect(statusOf(response)).toBe(302);
    expect((response as Response).headers.get("Location")).toBe("/cs/login?redirectTo=%2Fcs%2Fusers");
  });
});

describe("an admin managing users", () => {
  it("lists users with role, status and creation date", async () => {
    const admin = createStaff("admin");
    const disabled = createStaff("csm", { disabledAt: new Date() });
    const page = await usersLoader(args(getRequest("/cs/users", await staffCookie(admin.id))));
    const listed = page.users.find((u) => u.id === disabled.id);
    expect(listed).toMatchObject({ email: disabled.email, name: disabled.name, role: "csm" });
    expect(listed?.disabledAt).toBeInstanceOf(Date);
    expect(listed?.createdAt).toBeInstanceOf(Date);
  });

  it("creates a user who can then sign in with the initial password", async () => {
    const admin = createStaff("admin");
    const cookie = await staffCookie(admin.id);
    const response = await usersAction(
      args(post("/cs/users", { email: " Mika@Kizuna.test ", name: "Mika Ito", role: "csm", password: "correct-horse-battery" }, cookie)),
    );
    expect(statusOf(response)).toBe(302);
    const created = db.select().from(users).where(eq(users.email, "mika@kizuna.test")).get()!;
    expect((response as Response).headers.get("Location")).toBe(`/cs/users?created=${created.id}`);
    expect(created).toMatchObject({ name: "Mika Ito", role: "csm", disabledAt: null });
    expect(await verifyPassword(created.passwordHash, "correct-horse-battery")).toBe(true);
    expect(auditFor(created.id)[0]).toMatchObject({ action: "user.created", actorUserId: admin.id });

    const page = await usersLoader(args(getRequest(`/cs/users?created=${created.id}`, cookie)));
    expect(page.created).toMatchObject({ email: "mika@kizuna.test" });
  });

  it("shows field errors for a short password or a taken email, and creates nothing", async () => {
    const admin = createStaff("admin");
    const cookie = await staffCookie(admin.id);
    const count = db.select().from(users).all().length;

    const short = await usersAction(args(post("/cs/users", { email: "short@kizuna.test", name: "Short", role: "csm", password: "too-short" }, cookie)));
    expect(statusOf(short)).toBe(400);
    // Field messages are codes the page words in the reader's language.
    expect(payloadOf<{ error: Record<string, string[]> }>(short).error.password?.map((m) => wordMessage(m, "en"))).toEqual(["Use at least 12 characters."]);
    expect(payloadOf<{ error: Record<string, string[]> }>(short).error.password?.map((m) => wordMessage(m, "ja"))).toEqual(["12 文字以上で入力してください。"]);

    const taken = await usersAction(args(post("/cs/users", { email: admin.email, name: "Again", role: "csm", password: "long-enough-password" }, cookie)));
    expect(statusOf(taken)).toBe(409);
    expect(payloadOf<{ error: Record<string, string[]> }>(taken).error.email?.[0]).toMatch(/already exists/);

    const badRole = await usersAction(
      args(post("/cs/users", { email: "role@kizuna.test", name: "Role", role: "owner", password: "long-enough-password" }, cookie)),
    );
    expect(statusOf(badRole)).toBe(400);
    expect(db.select().from(users).all()).toHaveLength(count);
  });

  it("changes a role and records from and to", async () => {
    const admin = createStaff("admin");
    const target = createStaff("viewer");
    const cookie = await staffCookie(admin.id);
    const response = await userAction(args(post(`/cs/users/${target.id}`, { intent: "role", role: "csm" }, cookie), { id: String(target.id) }));
    expect(statusOf(response)).toBe(302);
    expect((response as Response).headers.get("Location")).toBe(`/cs/users/${target.id}?done=role`);
    expect(userRow(target.id).role).toBe("csm");
    expect(auditFor(target.id)[0]).toMatchObject({
      action: "user.role_changed",
      actorUserId: admin.id,
      ip: "198.51.100.7",
      detail: { from: "viewer", to: "csm" },
    });

    // Choosing the role the user already has changes and records nothing.
    await userAction(args(post(`/cs/users/${target.id}`, { intent: "role", role: "csm" }, cookie), { id: String(target.id) }));
    expect(auditFor(target.id).filter((a) => a.action === "user.role_changed")).toHaveLength(1);
  });

  it("disables a user, ending their sessions at once, and re-enables them", async () => {
    const admin = createStaff("admin");
    const target = createStaff("csm");
    const targetCookie = await staffCookie(target.id);
    const cookie = await staffCookie(admin.id);
    expect(sessionsOf(target.id)).toHaveLength(1);

    const disabled = await userAction(args(post(`/cs/users/${target.id}`, { intent: "access", disabled: "true" }, cookie), { id: String(target.id) }));
    expect((disabled as Response).headers.get("Location")).toBe(`/cs/users/${target.id}?done=disabled`);
    expect(userRow(target.id).disabledAt).toBeInstanceOf(Date);
    expect(sessionsOf(target.id)).toHaveLength(0);
    expect(statusOf(await settle(consoleLoader(args(getRequest("/cs", targetCookie)))))).toBe(302);
    expect(auditFor(target.id)[0]).toMatchObject({ action: "user.disabled", actorUserId: admin.id });

    await userAction(args(post(`/cs/users/${target.id}`, { intent: "access", disabled: "false" }, cookie), { id: String(target.id) }));
    expect(userRow(target.id).disabledAt).toBeNull();
    expect(auditFor(target.id)[0]).toMatchObject({ action: "user.enabled", actorUserId: admin.id });
  });

  it("resets a password and signs the user out everywhere", async () => {
    const admin = createStaff("admin");
    const target = createStaff("viewer");
    await staffCookie(target.id);
    await staffCookie(target.id);
    const cookie = await staffCookie(admin.id);

    const mismatch = await userAction(
      args(post(`/cs/users/${target.id}`, { intent: "password", password: "a-brand-new-password", confirm: "something-else-entirely" }, cookie), {
        id: String(target.id),
      }),
    );
    expect(statusOf(mismatch)).toBe(400);
    expect(payloadOf<{ intent: string; result: { error: Record<string, string[]> } }>(mismatch)).toMatchObject({
      intent: "password",
      result: { error: { confirm: [fieldMessage("passwordMismatch")] } },
    });
    expect(userRow(target.id).passwordHash).toBe("!");

    const response = await userAction(
      args(post(`/cs/users/${target.id}`, { intent: "password", password: "a-brand-new-password", confirm: "a-brand-new-password" }, cookie), {
        id: String(target.id),
      }),
    );
    expect((response as Response).headers.get("Location")).toBe(`/cs/users/${target.id}?done=password`);
    expect(await verifyPassword(userRow(target.id).passwordHash, "a-brand-new-password")).toBe(true);
    expect(sessionsOf(target.id)).toHaveLength(0);
    expect(auditFor(target.id)[0]).toMatchObject({ action: "user.password_reset", actorUserId: admin.id });
    expect(JSON.stringify(auditFor(target.id)[0])).not.toContain("a-brand-new-password");
  });

  it("keeps the admin's own session when they reset their own password", async () => {
    const admin = createStaff("admin");
    await staffCookie(admin.id); // another device
    const cookie = await staffCookie(admin.id);
    await userAction(
      args(post(`/cs/users/${admin.id}`, { intent: "password", password: "my-own-new-password", confirm: "my-own-new-password" }, cookie), {
        id: String(admin.id),
      }),
    );
    expect(sessionsOf(admin.id)).toHaveLength(1);
    expect(statusOf(await usersLoader(args(getRequest("/cs/users", cookie))))).toBe(200);
  });

  it("answers 404 for a user that does not exist and 400 for an unknown action", async () => {
    const admin = createStaff("admin");
    const cookie = await staffCookie(admin.id);
    expect(statusOf(await settle(userLoader(args(getRequest("/cs/users/999999", cookie), { id: "999999" }))))).toBe(404);
    expect(statusOf(await settle(userLoader(args(getRequest("/cs/users/abc", cookie), { id: "abc" }))))).toBe(400);
    expect(statusOf(await settle(userAction(args(post(`/cs/users/${admin.id}`, { intent: "delete" }, cookie), { id: String(admin.id) }))))).toBe(400);
  });
});

describe("the last active admin", () => {
  it("cannot demote or disable themself, with a clear message and nothing written", async () => {
    const admin = soleAdmin();
    const cookie = await staffCookie(admin.id);
    const auditBefore = auditFor(admin.id).length;

    const demote = await userAction(args(post(`/cs/users/${admin.id}`, { intent: "role", role: "csm" }, cookie), { id: String(admin.id) }));
    expect(statusOf(demote)).toBe(400);
    expect(payloadOf<{ intent: string; result: { error: Record<string, string[]> } }>(demote)).toMatchObject({
      intent: "role",
      result: { error: { "": [expect.stringContaining("You are the last active admin")] } },
    });

    const disable = await userAction(args(post(`/cs/users/${admin.id}`, { intent: "access", disabled: "true" }, cookie), { id: String(admin.id) }));
    expect(statusOf(disable)).toBe(400);
    expect(payloadOf<{ result: { error: Record<string, string[]> } }>(disable).result.error[""][0]).toMatch(/cannot disable your own account/);

    expect(userRow(admin.id)).toMatchObject({ role: "admin", disabledAt: null });
    expect(sessionsOf(admin.id)).toHaveLength(1);
    expect(auditFor(admin.id)).toHaveLength(auditBefore);
  });

  it("can step down once another admin exists", async () => {
    const first = soleAdmin();
    const second = createStaff("csm");
    const cookie = await staffCookie(first.id);
    await userAction(args(post(`/cs/users/${second.id}`, { intent: "role", role: "admin" }, cookie), { id: String(second.id) }));
    const stepDown = await userAction(args(post(`/cs/users/${first.id}`, { intent: "role", role: "viewer" }, cookie), { id: String(first.id) }));
    expect(statusOf(stepDown)).toBe(302);
    expect(userRow(first.id).role).toBe("viewer");

    // Now the second admin is the last one.
    const secondCookie = await staffCookie(second.id);
    const refused = await userAction(args(post(`/cs/users/${second.id}`, { intent: "access", disabled: "true" }, secondCookie), { id: String(second.id) }));
    expect(statusOf(refused)).toBe(400);
    expect(userRow(second.id).disabledAt).toBeNull();
  });

  it("disabling one of two admins works and signs them out", async () => {
    const first = soleAdmin();
    const second = createStaff("admin");
    await staffCookie(second.id);
    const cookie = await staffCookie(first.id);
    const response = await userAction(args(post(`/cs/users/${second.id}`, { intent: "access", disabled: "true" }, cookie), { id: String(second.id) }));
    expect(statusOf(response)).toBe(302);
    expect(sessionsOf(second.id)).toHaveLength(0);
  });
});
