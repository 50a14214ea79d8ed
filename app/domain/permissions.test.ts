import { describe, expect, it } from "vitest";
import { can, ROLES } from "./permissions";

describe("permissions", () => {
  it("lets a viewer read but never change anything", () => {
    expect(can("viewer", "read:account:any")).toBe(true);
    expect(can("viewer", "write:case:any")).toBe(false);
    expect(can("viewer", "write:account:any")).toBe(false);
    expect(can("viewer", "export:response:any")).toBe(false);
  });

  it("lets a CSM work cases and responses but not write accounts, contacts or imports", () => {
    expect(can("csm", "write:case:any")).toBe(true);
    expect(can("csm", "write:response:any")).toBe(true);
    expect(can("csm", "write:account:any")).toBe(false);
    expect(can("csm", "write:contact:any")).toBe(false);
    expect(can("csm", "import:account:any")).toBe(false);
    expect(can("csm", "manage:user:any")).toBe(false);
  });

  it("gives only admins user, key and settings management", () => {
    for (const role of ROLES) {
      expect(can(role, "manage:user:any")).toBe(role === "admin");
      expect(can(role, "manage:api-key:any")).toBe(role === "admin");
      expect(can(role, "manage:settings:any")).toBe(role === "admin");
    }
  });
});
