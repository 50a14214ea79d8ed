/**
 * How a CSV file maps onto the row schemas. A column has a canonical header (what the
 * template uses), aliases people's exports tend to use, and the row field it fills. A CSV
 * record becomes the same object the JSON API receives, so one schema decides for both.
 */
import type { RowReason } from "./rows";

export type CsvColumnKind = "text" | "integer" | "date";

export type CsvColumn = {
  /** Canonical header, as in the downloadable template. */
  name: string;
  /** Dotted path of the row field it fills, e.g. `acv.amount`. */
  path: string;
  required: boolean;
  /** What an empty cell means: `clear` sets the field to null, `keep` leaves it out (keep or default). */
  empty: "clear" | "keep";
  kind: CsvColumnKind;
  aliases: readonly string[];
  description: string;
  example: string;
};

/** "External ID", "externalId", "external-id" and "EXTERNAL_ID" all become `external_id`. */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[\s\-./]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export type HeaderMapping = {
  /** For each column of the file, the Kizuna column it fills, or null when ignored. */
  byPosition: (CsvColumn | null)[];
  /** The header as written in the file, per Kizuna column name (for error messages). */
  headerOf: Map<string, string>;
  present: CsvColumn[];
  missingRequired: CsvColumn[];
  ignored: string[];
  /** Two file columns that mean the same Kizuna column. */
  duplicated: string[];
};

export function mapHeaders(headers: readonly string[], columns: readonly CsvColumn[]): HeaderMapping {
  const lookup = new Map<string, CsvColumn>();
  for (const column of columns) {
    lookup.set(column.name, column);
    for (const alias of column.aliases) lookup.set(normalizeHeader(alias), column);
  }
  const byPosition: (CsvColumn | null)[] = [];
  const headerOf = new Map<string, string>();
  const ignored: string[] = [];
  const duplicated: string[] = [];
  for (const header of headers) {
    const column = lookup.get(normalizeHeader(header)) ?? null;
    if (column && headerOf.has(column.name)) {
      duplicated.push(`${headerOf.get(column.name)} / ${header.trim()}`);
      byPosition.push(null);
      continue;
    }
    if (column) headerOf.set(column.name, header.trim());
    else if (header.trim() !== "") ignored.push(header.trim());
    byPosition.push(column);
  }
  const present = columns.filter((column) => headerOf.has(column.name));
  const missingRequired = columns.filter((column) => column.required && !headerOf.has(column.name));
  return { byPosition, headerOf, present, missingRequired, ignored, duplicated };
}

export type CellError = { path: string; message: string; reason: RowReason };

const WHOLE_NUMBER = /^-?(\d+|\d{1,3}(,\d{3})+)$/;

/** Reads an integer cell; full-width digits and thousands separators are fine, decimals are not. */
export function parseIntegerCell(cell: string): { value: number } | { message: string; reason: RowReason } {
  const text = cell.normalize("NFKC").trim().replace(/[\s_]/g, "");
  if (WHOLE_NUMBER.test(text)) {
    const value = Number(text.replace(/,/g, ""));
    if (Number.isSafeInteger(value)) return { value };
    return { message: "the number is too large", reason: { code: "csvNumberTooLarge" } };
  }
  if (/^-?[\d,]*\.\d+$/.test(text)) {
    return {
      message: "use whole minor units without decimals (cents for USD: 1,234.56 USD is 123456; JPY has no decimals)",
      reason: { code: "csvNumberDecimals" },
    };
  }
  return { message: "use a whole number, digits only (no currency symbol)", reason: { code: "csvNumberNotWhole" } };
}

/** Spreadsheets rewrite dates: accept 2025/4/1, 2025.04.01 and a midnight time, answer YYYY-MM-DD. */
export function normalizeDateCell(cell: string): string {
  const text = cell.normalize("NFKC").trim();
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}`;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * Builds the row object for one CSV record. Columns the file does not have stay absent (the
 * stored value is kept); an empty cell follows its column's `empty` rule.
 */
export function recordToInput(cells: readonly string[], mapping: HeaderMapping): { input: Record<string, unknown>; cellErrors: CellError[] } {
  const input: Record<string, unknown> = {};
  const cellErrors: CellError[] = [];
  mapping.byPosition.forEach((column, position) => {
    if (!column) return;
    const cell = cells[position] ?? "";
    if (cell.trim() === "") {
      if (column.empty === "clear") setPath(input, column.path, null);
      return;
    }
    if (column.kind === "integer") {
      const parsed = parseIntegerCell(cell);
      if ("value" in parsed) setPath(input, column.path, parsed.value);
      else cellErrors.push({ path: column.path, message: parsed.message, reason: parsed.reason });
      return;
    }
    setPath(input, column.path, column.kind === "date" ? normalizeDateCell(cell) : cell);
  });
  return { input, cellErrors };
}

/** The header (as written in the file) that an error at `path` is about. */
export function columnForPath(path: string, mapping: HeaderMapping, columns: readonly CsvColumn[]): string {
  const column =
    columns.find((c) => c.path === path) ?? columns.find((c) => c.path.startsWith(`${path}.`)) ?? columns.find((c) => path.startsWith(`${c.path}.`));
  if (!column) return path;
  return mapping.headerOf.get(column.name) ?? column.name;
}

/** The header line of a template file. */
export function templateHeader(columns: readonly CsvColumn[]): string {
  return columns.map((column) => column.name).join(",");
}

/** What a CSV import loads, and how much at once (the import page states the limits too). */
export const IMPORT_KINDS = ["accounts", "contacts"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 50_000, maxEmptyLines: 50_000, sampleRows: 20, listedErrors: 1_000 };
