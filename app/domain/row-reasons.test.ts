import { describe, expect, it } from "vitest";
import { AccountRow, ACCOUNT_FIELDS, resolveAccountRows } from "./account-rows";
import { ContactRow, CONTACT_FIELDS } from "./contact-rows";
import { rowErrorsFromZod } from "./rows";
import { errorMessage } from "./service-error";

function reasons(schema: typeof AccountRow | typeof ContactRow, input: unknown, fields: readonly string[]) {
  const parsed = schema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(rowErrorsFromZod(0, parsed.error, fields).map((error) => [error.path, error.reason]));
}

describe("row errors as codes a page words", () => {
  it("names what is wrong with each field of an account row", () => {
    const found = reasons(
      AccountRow,
      {
        externalId: "A-1",
        name: "x".repeat(201),
        domain: "not a host",
        acv: { amount: -5, currency: "JPYEN" },
        renewalDate: "2026-02-30",
        stage: "churned",
        csmEmail: "nobody",
        colour: "red",
      },
      ACCOUNT_FIELDS,
    );
    expect(found).toMatchObject({
      name: { code: "rowTooLong", params: { max: 200 } },
      domain: { code: "rowDomain" },
      "acv.amount": { code: "rowNegative" },
      "acv.currency": { code: "rowCurrency" },
      renewalDate: { code: "rowNotCalendarDate", params: { value: "2026-02-30" } },
      stage: { code: "rowOneOf", params: { values: "onboarding, adoption, expansion, renewal" } },
      csmEmail: { code: "rowEmail" },
      colour: { code: "rowUnknownField" },
    });
    expect(reasons(AccountRow, { acv: { amount: 1.5, currency: "JPY" }, startDate: "4/1" }, ACCOUNT_FIELDS)).toMatchObject({
      externalId: { code: "rowRequired" },
      name: { code: "rowRequired" },
      "acv.amount": { code: "rowWholeNumber" },
      startDate: { code: "rowDate" },
    });
    expect(reasons(ContactRow, { email: "a@b.jp", locale: "fr", accountExternalId: "" }, CONTACT_FIELDS)).toMatchObject({
      locale: { code: "rowOneOf", params: { values: "en, ja" } },
      accountExternalId: { code: "rowRequired" },
    });
  });

  it("points a duplicate at the row it repeats, and a missing reference at its value", () => {
    const lookups = { thresholds: { JPY: { high: 3_000_000, low: 600_000 } }, activeStaffIdByEmail: () => undefined };
    const row = { externalId: "A-1", name: "One", acv: { amount: 1, currency: "JPY" } };
    const { errors } = resolveAccountRows([row, { ...row, acv: { amount: 1, currency: "GBP" }, csmEmail: "ghost@kizuna.test" }], lookups, (i) => `index ${i}`);
    expect(errors.map((error) => error.reason)).toEqual([
      { code: "rowDuplicateAccount", params: { value: "A-1" }, firstIndex: 0 },
      { code: "rowUnknownCurrency", params: { currency: "GBP", known: "JPY" } },
      { code: "rowUnknownCsm", params: { email: "ghost@kizuna.test" } },
    ]);
  });

  it("words every code in Japanese without English left and with every parameter filled", () => {
    const params = { max: 200, values: "en, ja", value: "A-1", line: 2, currency: "GBP", known: "JPY", email: "a@b.jp", externalId: "C-9", fields: "email" };
    for (const code of ["rowRequired", "rowTooLong", "rowOneOf", "rowDuplicateAccount", "rowUnknownCurrency", "rowUnknownCsm", "rowUnknownAccount"] as const) {
      const text = errorMessage(code, params, "ja");
      expect(text, code).not.toMatch(/\{\{/);
      expect(text.replace(/GBP|JPY|A-1|C-9|a@b\.jp|en, ja|Kizuna/g, ""), code).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
