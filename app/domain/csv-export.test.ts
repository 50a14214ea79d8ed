import { describe, expect, it } from "vitest";
import {
  attachmentDisposition,
  csvField,
  csvRecord,
  exportFileName,
  majorAmount,
  neutralizeFormula,
  responseExportRecord,
  RESPONSE_EXPORT_HEADER,
  toShiftJisLookalikes,
  type ResponseExportRow,
} from "./csv-export";

describe("neutralizeFormula", () => {
  it("prefixes text a spreadsheet would run as a formula", () => {
    for (const text of ["=1+1", "+81 3 1234", "-2", "@SUM(A1)", "\t=1", "\r=1"]) expect(neutralizeFormula(text)).toBe(`'${text}`);
  });
  it("leaves other text alone", () => {
    for (const text of ["Great", " =1", "1=1", "サポート", ""]) expect(neutralizeFormula(text)).toBe(text);
  });
});

describe("csvField and csvRecord", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvField('a "quoted", word')).toBe('"a ""quoted"", word"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField("plain")).toBe("plain");
  });
  it("writes numbers as numbers, negative ones too, and nothing for null", () => {
    expect(csvRecord([1, -3, null, undefined, "x"])).toBe("1,-3,,,x\r\n");
  });
  it("neutralises before quoting", () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });
});

describe("majorAmount", () => {
  it("writes minor units as a plain major amount", () => {
    expect(majorAmount(123456, 2)).toBe("1234.56");
    expect(majorAmount(5, 2)).toBe("0.05");
    expect(majorAmount(500000, 0)).toBe("500000");
    expect(majorAmount(-150, 2)).toBe("-1.50");
  });
});

describe("toShiftJisLookalikes", () => {
  it("maps the characters CP932 spells differently", () => {
    expect(toShiftJisLookalikes("10時〜12時 − ‖")).toBe("10時～12時 － ∥");
    expect(toShiftJisLookalikes("サポート")).toBe("サポート");
  });
});

describe("file names", () => {
  it("names the export by what, view and day, without characters file systems refuse", () => {
    expect(exportFileName("responses", ["detractors", "high touch"], "2026-11-23")).toBe("kizuna-responses-detractors-high-touch-2026-11-23.csv");
    expect(exportFileName("responses", ["a/b:c", ""], "2026-11-23")).toBe("kizuna-responses-abc-2026-11-23.csv");
  });
  it("gives ASCII names once and others also as filename* (RFC 6266)", () => {
    expect(attachmentDisposition("kizuna-responses-2026-11-23.csv")).toBe('attachment; filename="kizuna-responses-2026-11-23.csv"');
    expect(attachmentDisposition("kizuna-遅い.csv")).toBe(`attachment; filename="kizuna-__.csv"; filename*=UTF-8''kizuna-%E9%81%85%E3%81%84.csv`);
  });
});

describe("responseExportRecord", () => {
  const row: ResponseExportRow = {
    id: 7,
    answeredAt: Date.parse("2026-11-01T09:30:00Z"),
    contactName: null,
    contactEmail: "a@example.com",
    accountName: "Acme",
    acvAmount: 1_200_000,
    acvCurrency: "USD",
    acvDigits: 2,
    acvReportingMinor: 1_800_000,
    reportingCurrency: "JPY",
    reportingDigits: 0,
    segment: "high",
    csmName: "Ken",
    renewalDate: null,
    score: 3,
    category: "detractor",
    previousScore: 8,
    comment: "slow",
    campaignName: "Q4",
    followUpStatus: null,
  };
  it("fills every column of the header in order", () => {
    const record = responseExportRecord(row);
    expect(record).toHaveLength(RESPONSE_EXPORT_HEADER.length);
    expect(record).toEqual([
      7,
      "2026-11-01T09:30:00.000Z",
      null,
      "a@example.com",
      "Acme",
      "12000.00",
      "USD",
      "1800000",
      "JPY",
      "high",
      "Ken",
      null,
      3,
      "detractor",
      8,
      -5,
      "slow",
      "Q4",
      "none",
    ]);
  });
  it("leaves the change empty without a previous score", () => {
    expect(responseExportRecord({ ...row, previousScore: null, followUpStatus: "open" }).slice(14)).toEqual([null, null, "slow", "Q4", "open"]);
  });
});
