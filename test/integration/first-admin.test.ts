import { describe, expect, it } from "vitest";
import { ensureFirstAdmin, FIRST_ADMIN_EMAIL } from "../../app/services/ensure-first-admin.server";
import { findUserForSignIn } from "../../app/models/user.server";
import { verifyPassword } from "../../app/utils/password.server";
import { createStaff } from "../factories";

describe("the first admin", () => {
  it("is created when only CSMs exist, and never twice", async () => {
    createStaff("csm");
    const first = await ensureFirstAdmin();
    expect(first?.email).toBe(FIRST_ADMIN_EMAIL);
    const stored = findUserForSignIn(FIRST_ADMIN_EMAIL)!;
    expect(stored.role).toBe("admin");
    expect(await verifyPassword(stored.passwordHash, first!.password)).toBe(true);
    expect(await ensureFirstAdmin()).toBeNull();
  });
});
