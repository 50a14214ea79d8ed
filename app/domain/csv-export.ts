import { resources, type Language } from "../locales";

/**
 * Writing CSV files that people open in spreadsheets: RFC 4180 quoting, cells that a
 * spreadsheet would run as formulas neutralised, and the file name in Content-Disposition.
 */

export const EXPORT_ENCODINGS = ["utf8-bom", "utf8", "shift_jis"] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

/**
 * The header row (and the words in it): `keys`, the English column names and machine codes
 * (promoter, high, wont_fix) integrations have read since the export began, and what a request
 * that does not say gets; `language`, column names and values in the exporter's language, what
 * the console's export form asks for.
 */
export const EXPORT_HEADER_FORMS = ["keys", "language"] as const;
export type ExportHeaderForm = (typeof EXPORT_HEADER_FORMS)[number];

/** How one export is worded: machine keys, or a person's language. */
export type ExportWording = { form: "keys" } | { form: "language"; language: Language };

export const KEYS_WORDING: ExportWording = { form: "keys" };

/** Excel reads a file as UTF-8 only when it starts with this mark; otherwise as the system's code page. */
export const UTF8_BOM = "\uFEFF";

export type CsvValue = string | number | null | undefined;

/*
 * A spreadsheet runs a cell that starts with = + - @ as a formula (and tab or CR can hide such
 * a start): a comment like "=HYPERLINK(...)" from a customer must stay text. OWASP's advice is
 * to prefix such cells with a quote, which the spreadsheet shows as plain text. Numbers we
 * write ourselves (a negative change) are not text from anyone, so they stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of one cell, safe to open in a spreadsheet. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 and Excel expect. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Minor units as a plain major amount: 123456 with 2 digits → "1234.56"; 500000 with 0 → "500000". */
export function majorAmount(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(minor)).padStart(digits + 1, "0");
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/*
 * Characters that Japanese text typed on a Mac or the web uses where Windows (CP932, which is
 * what Excel means by Shift_JIS) has a lookalike at another code point. Mapped before encoding,
 * "10時〜12時" stays readable instead of becoming "10時?12時".
 */
const SHIFT_JIS_LOOKALIKES: Record<string, string> = {
  "\u301C": "\uFF5E", // 〜 wave dash → ～ fullwidth tilde
  "\u2016": "\u2225", // ‖ double vertical line → ∥ parallel to
  "\u2212": "\uFF0D", // − minus sign → － fullwidth hyphen-minus
  "\u00A2": "\uFFE0", // ¢ → ￠
  "\u00A3": "\uFFE1", // £ → ￡
  "\u00AC": "\uFFE2", // ¬ → ￢
  "\u2014": "\u2015", // — em dash → ― horizontal bar
};
const LOOKALIKE_PATTERN = new RegExp(`[${Object.keys(SHIFT_JIS_LOOKALIKES).join("")}]`, "g");

/** Text with the characters CP932 spells differently replaced by its lookalikes. */
export function toShiftJisLookalikes(text: string): string {
  return text.replace(LOOKALIKE_PATTERN, (char) => SHIFT_JIS_LOOKALIKES[char]);
}

/** `kizuna-responses-detractors-2026-11-23.csv`: what, which view, which day. */
export function exportFileName(what: string, view: readonly string[], day: string): string {
  const parts = [what, ...view].map((part) =>
    part
      .normalize("NFKC")
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, "")
      .trim()
      .replace(/\s+/g, "-"),
  );
  return `kizuna-${parts.filter(Boolean).join("-")}-${day}.csv`;
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII `filename` for old clients, with
 * anything else replaced by `_`, and the exact name as UTF-8 in `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7E]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === fileName ? `attachment; filename="${ascii}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One response as the export writes it: the list's row plus what the list does not show. */
export type ResponseExportRow = {
  id: number;
  /** When it was last answered (ms since the epoch), as the list shows it. */
  answeredAt: number;
  contactName: string | null;
  contactEmail: string;
  accountName: string;
  acvAmount: number;
  acvCurrency: string;
  /** Digits after the decimal point in `acvCurrency` (0 for JPY). */
  acvDigits: number;
  /** ACV in the reporting currency (minor units), null when its currency has no rate in force. */
  acvReportingMinor: number | null;
  reportingCurrency: string;
  /** Digits after the decimal point in the reporting currency. */
  reportingDigits: number;
  segment: string;
  csmName: string | null;
  renewalDate: string | null;
  score: number;
  category: string;
  previousScore: number | null;
  comment: string | null;
  campaignName: string | null;
  /** The follow-up case's status, null when the response has none. */
  followUpStatus: string | null;
};

/** The keys form's header row: a public contract for integrations, so it never changes wording. */
export const RESPONSE_EXPORT_HEADER = [
  "Response ID",
  "Answered at (UTC)",
  "Contact name",
  "Email",
  "Account",
  "ACV",
  "Currency",
  "ACV in reporting currency",
  "Reporting currency",
  "Segment",
  "CSM",
  "Renewal date",
  "Score",
  "Category",
  "Previous score",
  "Change",
  "Comment",
  "Campaign",
  "Follow-up status",
] as const;

/** The language form's column names, in the order of `RESPONSE_EXPORT_HEADER` (keys of `responses.export.columns`). */
const RESPONSE_EXPORT_COLUMNS = [
  "id",
  "answeredAt",
  "contactName",
  "email",
  "account",
  "acv",
  "currency",
  "acvReporting",
  "reportingCurrency",
  "segment",
  "csm",
  "renewalDate",
  "score",
  "category",
  "previousScore",
  "change",
  "comment",
  "campaign",
  "followUpStatus",
] as const satisfies readonly (keyof (typeof resources)["en"]["responses"]["export"]["columns"])[] & { length: (typeof RESPONSE_EXPORT_HEADER)["length"] };

/** The header row of an export worded as `wording` asks. */
export function responseExportHeader(wording: ExportWording = KEYS_WORDING): readonly string[] {
  if (wording.form === "keys") return RESPONSE_EXPORT_HEADER;
  const columns = resources[wording.language].responses.export.columns;
  return RESPONSE_EXPORT_COLUMNS.map((column) => columns[column]);
}

/** A code as a word of the language (a category, a segment, a case status), or the code itself in the keys form. */
function wordOf(wording: ExportWording, group: "category" | "segment" | "caseStatus", code: string): string {
  if (wording.form === "keys") return code;
  const words = resources[wording.language].console.shared[group] as Record<string, string>;
  return words[code] ?? code;
}

export function responseExportRecord(row: ResponseExportRow, wording: ExportWording = KEYS_WORDING): CsvValue[] {
  return [
    row.id,
    new Date(row.answeredAt).toISOString(),
    row.contactName,
    row.contactEmail,
    row.accountName,
    majorAmount(row.acvAmount, row.acvDigits),
    row.acvCurrency,
    // Empty when the currency has no rate in force: a blank, not a zero, so sums in a spreadsheet stay honest.
    row.acvReportingMinor === null ? null : majorAmount(row.acvReportingMinor, row.reportingDigits),
    row.reportingCurrency,
    wordOf(wording, "segment", row.segment),
    row.csmName,
    row.renewalDate,
    row.score,
    wordOf(wording, "category", row.category),
    row.previousScore,
    row.previousScore === null ? null : row.score - row.previousScore,
    row.comment,
    row.campaignName,
    row.followUpStatus === null
      ? wording.form === "keys"
        ? "none"
        : resources[wording.language].responses.export.noFollowUp
      : wordOf(wording, "caseStatus", row.followUpStatus),
  ];
}
