import { describe, expect, it } from "vitest";
import { ACCOUNT_CSV_COLUMNS, AccountRow } from "./account-rows";
import { CONTACT_CSV_COLUMNS } from "./contact-rows";
import { columnForPath, mapHeaders, normalizeDateCell, normalizeHeader, parseIntegerCell, recordToInput } from "./csv-rows";

describe("CSV headers", () => {
  it("matches headers whatever their case, spacing or style", () => {
    for (const header of ["external_id", "External ID", "externalId", "EXTERNAL-ID", "\uFEFFexternal_id"]) {
      expect(normalizeHeader(header)).toBe("external_id");
    }
  });

  it("maps aliases, reports missing required columns and ignores unknown ones", () => {
    const mapping = mapHeaders(["Company", "CRM ID", "Currency", "Notes"], ACCOUNT_CSV_COLUMNS);
    expect(mapping.byPosition.map((c) => c?.name ?? null)).toEqual(["name", "external_id", "acv_currency", null]);
    expect(mapping.missingRequired.map((c) => c.name)).toEqual(["acv_amount"]);
    expect(mapping.ignored).toEqual(["Notes"]);
  });

  it("flags two columns that mean the same thing", () => {
    expect(mapHeaders(["email", "E-mail"], CONTACT_CSV_COLUMNS).duplicated).toEqual(["email / E-mail"]);
  });

  it("names errors after the header as the file writes it", () => {
    const mapping = mapHeaders(["CRM ID", "name", "ACV Amount", "currency"], ACCOUNT_CSV_COLUMNS);
    expect(columnForPath("externalId", mapping, ACCOUNT_CSV_COLUMNS)).toBe("CRM ID");
    expect(columnForPath("acv", mapping, ACCOUNT_CSV_COLUMNS)).toBe("ACV Amount");
    expect(columnForPath("acv.currency", mapping, ACCOUNT_CSV_COLUMNS)).toBe("currency");
  });
});

describe("CSV cells", () => {
  it("reads whole numbers with separators and full-width digits", () => {
    expect(parseIntegerCell("3600000")).toEqual({ value: 3600000 });
    expect(parseIntegerCell("3,600,000")).toEqual({ value: 3600000 });
    expect(parseIntegerCell("３６００００")).toEqual({ value: 360000 });
  });

  it("refuses decimals with a hint about minor units", () => {
    expect(parseIntegerCell("1234.56")).toEqual({ message: expect.stringContaining("minor units"), reason: { code: "csvNumberDecimals" } });
    expect(parseIntegerCell("¥1000")).toEqual({ message: expect.stringContaining("whole number"), reason: { code: "csvNumberNotWhole" } });
    expect(parseIntegerCell("1,23")).toEqual({ message: expect.any(String), reason: { code: "csvNumberNotWhole" } });
  });

  it("accepts the date formats spreadsheets produce", () => {
    expect(normalizeDateCell("2025/4/1")).toBe("2025-04-01");
    expect(normalizeDateCell("2025-04-01 00:00:00")).toBe("2025-04-01");
    expect(normalizeDateCell("4/1/2025")).toBe("4/1/2025");
  });

  it("leaves absent columns out and follows each column's rule for empty cells", () => {
    const mapping = mapHeaders(["external_id", "name", "acv_amount", "acv_currency", "domain", "start_date"], ACCOUNT_CSV_COLUMNS);
    const { input, cellErrors } = recordToInput(["A-1", "Acme", "1,000", "usd", "", ""], mapping);
    expect(cellErrors).toEqual([]);
    expect(input).toEqual({ externalId: "A-1", name: "Acme", acv: { amount: 1000, currency: "usd" }, domain: null });
    expect(AccountRow.parse(input)).toMatchObject({ acv: { amount: 1000, currency: "USD" }, domain: null });
  });
});
