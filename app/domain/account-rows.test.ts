import { describe, expect, it } from "vitest";
import { STAGES } from "../../db/schema/accounts";
import { ACCOUNT_STAGES, AccountRow, resolveAccountRows, type AccountLookups } from "./account-rows";
import { DEFAULT_THRESHOLDS } from "./segments";

const lookups: AccountLookups = {
  thresholds: DEFAULT_THRESHOLDS,
  activeStaffIdByEmail: (email) => (email === "csm@kizuna.test" ? 7 : undefined),
};
const describeRow = (index: number) => `index ${index}`;
const valid = { externalId: "A-1", name: "Acme", acv: { amount: 3_600_000, currency: "JPY" } };

describe("AccountRow", () => {
  it("uses the same stages as the database", () => {
    expect([...ACCOUNT_STAGES]).toEqual([...STAGES]);
  });

  it("normalizes what people type", () => {
    const row = AccountRow.parse({
      externalId: "  A-1 ",
      name: " 株式会社サンプル ",
      domain: "https://WWW.Sample.co.jp/about?x=1",
      acv: { amount: 0, currency: "jpy" },
      stage: "Adoption",
      csmEmail: " CSM@Kizuna.TEST ",
    });
    expect(row).toMatchObject({
      externalId: "A-1",
      name: "株式会社サンプル",
      domain: "www.sample.co.jp",
      acv: { amount: 0, currency: "JPY" },
      stage: "adoption",
      csmEmail: "csm@kizuna.test",
    });
  });

  it("stores internationalized domains in their ASCII form", () => {
    expect(AccountRow.parse({ ...valid, domain: "例え.jp" }).domain).toBe("xn--r8jz45g.jp");
  });

  it("refuses things that are not what they claim to be", () => {
    const result = AccountRow.safeParse({
      externalId: "x".repeat(101),
      name: "",
      domain: "not a domain",
      acv: { amount: 12.5, currency: "YEN!" },
      startDate: "2025-02-29",
      renewalDate: "03/31/2026",
      stage: "churned",
      csmEmail: "nobody",
      extra: 1,
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join(".")).sort();
    expect(paths).toEqual(["", "acv.amount", "acv.currency", "csmEmail", "domain", "externalId", "name", "renewalDate", "stage", "startDate"]);
  });

  it("accepts real calendar dates only", () => {
    expect(AccountRow.safeParse({ ...valid, startDate: "2024-02-29" }).success).toBe(true);
    expect(AccountRow.safeParse({ ...valid, startDate: "2025-02-29" }).success).toBe(false);
    expect(AccountRow.safeParse({ ...valid, startDate: "2025-13-01" }).success).toBe(false);
    expect(AccountRow.safeParse({ ...valid, startDate: "0025-01-01" }).success).toBe(false);
  });

  it("refuses negative, fractional and unsafe ACV amounts", () => {
    for (const amount of [-1, 0.5, 2 ** 60, "1000"]) {
      expect(AccountRow.safeParse({ ...valid, acv: { amount, currency: "USD" } }).success).toBe(false);
    }
  });

  it("tells absent (keep) from null (clear)", () => {
    const kept = AccountRow.parse(valid);
    expect("domain" in kept && kept.domain !== undefined).toBe(false);
    const cleared = AccountRow.parse({ ...valid, domain: null, renewalDate: null, csmEmail: null });
    expect(cleared).toMatchObject({ domain: null, renewalDate: null, csmEmail: null });
  });
});

describe("resolveAccountRows", () => {
  it("derives the segment from the admin's thresholds", () => {
    const { writes, errors } = resolveAccountRows(
      [
        valid,
        { ...valid, externalId: "A-2", acv: { amount: 5_000_00, currency: "USD" } },
        { ...valid, externalId: "A-3", acv: { amount: 1, currency: "EUR" } },
      ],
      lookups,
      describeRow,
    );
    expect(errors).toEqual([]);
    expect(writes.map((w) => w.write.segment)).toEqual(["high", "low", "tech"]);
  });

  it("names the fix for a currency without thresholds", () => {
    const { errors } = resolveAccountRows([{ ...valid, acv: { amount: 1, currency: "GBP" } }], lookups, describeRow);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ index: 0, path: "acv.currency" });
    expect(errors[0].message).toMatch(/add GBP in Settings/);
  });

  it("reports an unknown currency or CSM even when other fields of the row are wrong", () => {
    const { errors } = resolveAccountRows([{ ...valid, name: "", acv: { amount: 1, currency: "gbp" }, csmEmail: "ghost@kizuna.test" }], lookups, describeRow);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ["name", "invalid_value"],
      ["acv.currency", "unknown_reference"],
      ["csmEmail", "unknown_reference"],
    ]);
  });

  it("resolves the CSM by email and refuses unknown ones", () => {
    const { writes, errors } = resolveAccountRows(
      [
        { ...valid, csmEmail: "CSM@kizuna.test" },
        { ...valid, externalId: "A-2", csmEmail: "ghost@kizuna.test" },
        { ...valid, externalId: "A-3", csmEmail: null },
      ],
      lookups,
      describeRow,
    );
    expect(writes.map((w) => w.write.csmUserId)).toEqual([7, null]);
    expect(errors).toEqual([expect.objectContaining({ index: 1, path: "csmEmail" })]);
  });

  it("reports a repeated external id on the later row, even when that row has other errors", () => {
    const { errors } = resolveAccountRows([valid, { ...valid, name: "" }], lookups, describeRow);
    expect(errors).toEqual([
      expect.objectContaining({ index: 1, path: "externalId", message: expect.stringContaining("index 0") }),
      expect.objectContaining({ index: 1, path: "name" }),
    ]);
  });

  it("points an unknown field at itself", () => {
    const { errors } = resolveAccountRows([{ ...valid, renewal_date: "2026-01-01" }], lookups, describeRow);
    expect(errors).toEqual([expect.objectContaining({ path: "renewal_date", message: expect.stringContaining("renewalDate") })]);
  });

  it("reports a row that is not an object", () => {
    const { errors } = resolveAccountRows(["A-1"], lookups, describeRow);
    expect(errors).toEqual([expect.objectContaining({ index: 0, path: "" })]);
  });
});
