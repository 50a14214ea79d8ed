import { CsvError, parse } from "csv-parse/sync";
import { ACCOUNT_CSV_COLUMNS } from "../domain/account-rows";
import { CONTACT_CSV_COLUMNS } from "../domain/contact-rows";
import { columnForPath, IMPORT_LIMITS, mapHeaders, recordToInput, type CsvColumn, type HeaderMapping, type ImportKind } from "../domain/csv-rows";
import type { RowError } from "../domain/rows";
import { ServiceError } from "../domain/service-error";
import { formatMoney, type Segment } from "../domain/segments";
import { sha256 } from "../utils/crypto.server";
import { planAccountUpsert, upsertAccounts } from "./upsert-accounts.server";
import { assertCan, isStaffActor } from "./actor.server";
import { isRowsRejected, type UpsertActor, type UpsertCounts, type UpsertOutcome } from "./upsert-common.server";
import { planContactUpsert, upsertContacts } from "./upsert-contacts.server";

/**
 * CSV import in two steps without server-side state: the preview parses and validates the file
 * and hands its text back to the browser; the commit receives the text again and re-parses and
 * re-validates it inside the write transaction (docs/decisions/008).
 */

export const CSV_COLUMNS: Record<ImportKind, readonly CsvColumn[]> = { accounts: ACCOUNT_CSV_COLUMNS, contacts: CONTACT_CSV_COLUMNS };

export type CsvEncoding = "UTF-8" | "Shift_JIS";

/**
 * Reads the uploaded bytes as UTF-8 (a BOM is fine). Japanese Excel saves "CSV" as Shift_JIS,
 * so a file that is not valid UTF-8 but is valid Shift_JIS is read as that; anything else is
 * refused with the way out (save as CSV UTF-8) rather than imported as mojibake.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } | { error: string } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "UTF-8" };
  } catch {
    // not UTF-8; try the encoding Japanese Excel uses
  }
  try {
    return { text: new TextDecoder("shift_jis", { fatal: true }).decode(bytes), encoding: "Shift_JIS" };
  } catch {
    return { error: "The file is neither UTF-8 nor Shift_JIS text. In Excel choose File → Save As → “CSV UTF-8 (Comma delimited)” and upload that file." };
  }
}

export type ImportError = { line: number | null; column: string | null; message: string };
export type SampleRow = { line: number; status: UpsertOutcome | "error"; cells: string[]; segment?: Segment; acv?: string };

export type ImportPreview = {
  kind: ImportKind;
  fileName: string;
  encoding: CsvEncoding;
  /** SHA-256 of the text, recorded in the audit log with the import. */
  digest: string;
  /** Recognized columns: Kizuna's name and the header as the file writes it. */
  columns: { name: string; header: string }[];
  ignoredColumns: string[];
  rows: number;
  counts: UpsertCounts & { errorRows: number };
  errors: ImportError[];
  /** Errors beyond `IMPORT_LIMITS.listedErrors` that are not listed. */
  moreErrors: number;
  sample: SampleRow[];
  canCommit: boolean;
};

type ParsedFile = {
  mapping: HeaderMapping | null;
  records: { line: number; cells: string[] }[];
  fileErrors: ImportError[];
};

type RawRecord = { record: string[]; raw: string };

function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = counts.sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ",";
}

function describeCsvError(error: CsvError): ImportError {
  const line = typeof error.lines === "number" ? error.lines : null;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return { line, column: null, message: 'a quoted value is never closed: check for a stray double quote (") on this line or above it' };
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return { line, column: null, message: 'a double quote appears inside a value: wrap the value in quotes and double the quote inside it ("")' };
    default:
      return { line, column: null, message: `the file is not valid CSV here (${error.code})` };
  }
}

/** Splits the text into header mapping and records, each with the line it starts on. */
export function parseCsvFile(text: string, columns: readonly CsvColumn[]): ParsedFile {
  // One line ending everywhere makes line numbers exact (Excel writes CRLF, old Macs CR).
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let raw: RawRecord[];
  try {
    raw = parse(normalized, {
      delimiter: delimiterOf(normalized),
      raw: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as RawRecord[];
  } catch (error) {
    if (error instanceof CsvError) return { mapping: null, records: [], fileErrors: [describeCsvError(error)] };
    throw error;
  }
  // Each record's raw text (empty lines included) carries its own line breaks: the start line
  // of a record is one more than the breaks before it, also after a value spanning lines.
  let line = 1;
  const withLines = raw.map(({ record, raw: source }) => {
    const start = line;
    for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) line += 1;
    return { line: start, cells: record };
  });
  const headerIndex = withLines.findIndex((r) => r.cells.some((cell) => cell.trim() !== ""));
  if (headerIndex === -1) {
    return {
      mapping: null,
      records: [],
      fileErrors: [{ line: null, column: null, message: "the file is empty: the first line must name the columns (download a template)" }],
    };
  }
  const header = withLines[headerIndex];
  const mapping = mapHeaders(header.cells, columns);
  const records = withLines.slice(headerIndex + 1).filter((r) => r.cells.some((cell) => cell.trim() !== ""));
  const fileErrors: ImportError[] = [];
  if (mapping.missingRequired.length > 0) {
    const names = mapping.missingRequired.map((c) => c.name).join(", ");
    fileErrors.push({
      line: header.line,
      column: null,
      message: `missing column${mapping.missingRequired.length > 1 ? "s" : ""} ${names}: the first line must name the columns (download the template for the exact headers)`,
    });
  }
  if (mapping.duplicated.length > 0) {
    fileErrors.push({ line: header.line, column: null, message: `two columns mean the same thing (${mapping.duplicated.join("; ")}): keep one` });
  }
  if (records.length === 0 && fileErrors.length === 0) {
    fileErrors.push({ line: null, column: null, message: "the file has a header but no rows under it" });
  }
  if (records.length > IMPORT_LIMITS.maxRows) {
    fileErrors.push({
      line: null,
      column: null,
      message: `the file has ${records.length.toLocaleString("en")} rows; import at most ${IMPORT_LIMITS.maxRows.toLocaleString("en")} at a time (split the file)`,
    });
  }
  return { mapping, records, fileErrors };
}

type Prepared = {
  parsed: ParsedFile;
  inputs: Record<string, unknown>[];
  /** Errors the CSV layer finds before the schema: field counts, unreadable numbers. */
  cellErrors: RowError[];
  describeRow: (index: number) => string;
};

function prepare(kind: ImportKind, text: string): Prepared {
  const columns = CSV_COLUMNS[kind];
  const parsed = parseCsvFile(text, columns);
  const inputs: Record<string, unknown>[] = [];
  const cellErrors: RowError[] = [];
  if (parsed.mapping && parsed.fileErrors.length === 0) {
    const width = parsed.mapping.byPosition.length;
    parsed.records.forEach(({ cells }, index) => {
      const extra = cells.slice(width).some((cell) => cell.trim() !== "");
      if (extra || cells.length < width) {
        cellErrors.push({
          index,
          path: "",
          code: "invalid_value",
          message: `this line has ${cells.length} values but the header has ${width} columns; a value containing a comma must be in double quotes`,
        });
      }
      const { input, cellErrors: errors } = recordToInput(cells, parsed.mapping!);
      inputs.push(input);
      for (const error of errors) cellErrors.push({ index, code: "invalid_value", ...error });
    });
  }
  return { parsed, inputs, cellErrors, describeRow: (index) => `line ${parsed.records[index]?.line ?? "?"}` };
}

/** Row errors from the CSV layer and the schema, one per field (the CSV layer's reason wins), by line then column. */
function combineErrors(cellErrors: RowError[], planErrors: RowError[], columns: readonly CsvColumn[]): RowError[] {
  const seen = new Set(cellErrors.map((e) => `${e.index}:${e.path}`));
  const rank = (path: string) =>
    path === "" ? -1 : columns.findIndex((c) => c.path === path || c.path.startsWith(`${path}.`) || path.startsWith(`${c.path}.`));
  const combined = [...cellErrors, ...planErrors.filter((e) => !seen.has(`${e.index}:${e.path}`))];
  return combined.sort((a, b) => a.index - b.index || rank(a.path) - rank(b.path));
}

type PreviewPlan = {
  outcomes: Map<number, UpsertOutcome>;
  segments: Map<number, Segment>;
  acv: Map<number, string>;
  errors: RowError[];
};

function planFor(kind: ImportKind, prepared: Prepared): PreviewPlan {
  const empty: PreviewPlan = { outcomes: new Map(), segments: new Map(), acv: new Map(), errors: [] };
  if (prepared.parsed.fileErrors.length > 0) return empty;
  if (kind === "accounts") {
    const plan = planAccountUpsert(prepared.inputs, prepared.describeRow);
    return {
      outcomes: new Map(plan.planned.map((p) => [p.index, p.outcome])),
      segments: new Map(plan.planned.map((p) => [p.index, p.row.segment])),
      // Only the sample rows are shown; formatting every row would cost more than validating it.
      acv: new Map(
        plan.planned
          .filter((p) => p.index < IMPORT_LIMITS.sampleRows)
          .map((p) => [p.index, formatMoney({ amount: p.row.acvAmount, currency: p.row.acvCurrency })]),
      ),
      errors: plan.errors,
    };
  }
  const plan = planContactUpsert(prepared.inputs, prepared.describeRow);
  return { ...empty, outcomes: new Map(plan.planned.map((p) => [p.index, p.outcome])), errors: plan.errors };
}

/** What the valid rows would do; rows with errors are left out of the counts. */
function countValid(outcomes: Map<number, UpsertOutcome>, errorIndexes: Set<number>): UpsertCounts {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const [index, outcome] of outcomes) {
    if (errorIndexes.has(index)) continue;
    counts[outcome === "new" ? "created" : outcome] += 1;
  }
  return counts;
}

type FileMeta = { fileName: string; encoding: CsvEncoding };

function buildPreview(kind: ImportKind, text: string, meta: FileMeta, prepared: Prepared, rejectedErrors?: RowError[]): ImportPreview {
  const { parsed } = prepared;
  const mapping = parsed.mapping;
  const columns = CSV_COLUMNS[kind];
  const plan = planFor(kind, prepared);
  const rowErrors = combineErrors(prepared.cellErrors, rejectedErrors ?? plan.errors, columns);
  const errorIndexes = new Set(rowErrors.map((e) => e.index));
  const errors: ImportError[] = [
    ...parsed.fileErrors,
    ...rowErrors.map((e) => ({
      line: parsed.records[e.index]?.line ?? null,
      column: e.path === "" || !mapping ? null : columnForPath(e.path, mapping, columns),
      message: e.message,
    })),
  ];
  const present = mapping?.present ?? [];
  const sample: SampleRow[] = parsed.records.slice(0, IMPORT_LIMITS.sampleRows).map(({ line, cells }, index) => ({
    line,
    status: errorIndexes.has(index) ? "error" : (plan.outcomes.get(index) ?? "error"),
    cells: present.map((column) => cells[mapping!.byPosition.indexOf(column)] ?? ""),
    segment: plan.segments.get(index),
    acv: plan.acv.get(index),
  }));
  return {
    kind,
    fileName: meta.fileName,
    encoding: meta.encoding,
    digest: sha256(text),
    columns: present.map((column) => ({ name: column.name, header: mapping!.headerOf.get(column.name) ?? column.name })),
    ignoredColumns: mapping?.ignored ?? [],
    rows: parsed.records.length,
    counts: { ...countValid(plan.outcomes, errorIndexes), errorRows: errorIndexes.size },
    errors: errors.slice(0, IMPORT_LIMITS.listedErrors),
    moreErrors: Math.max(0, errors.length - IMPORT_LIMITS.listedErrors),
    sample,
    canCommit: errors.length === 0 && parsed.records.length > 0,
  };
}

/** The file could not be imported: an `importRejected` ServiceError whose detail is the preview saying why, line by line. Nothing was written. */
function importRejected(preview: ImportPreview): ServiceError<ImportPreview> {
  return new ServiceError(422, "importRejected", {}, undefined, preview);
}

export function isImportRejected(error: unknown): error is ServiceError<ImportPreview> {
  return error instanceof ServiceError && error.code === "importRejected";
}

/** A preview reads the customer base, so it needs the same permission as the import itself. */
function assertMayImport(actor: UpsertActor, kind: ImportKind) {
  if (!isStaffActor(actor)) throw new ServiceError(403, "staffOnly");
  assertCan(actor, kind === "accounts" ? "import:account:any" : "import:contact:any");
}

/** Step 1: parse, validate and show what the import would do. Writes nothing. */
export function previewCsvImport(actor: UpsertActor, kind: ImportKind, text: string, meta: FileMeta): ImportPreview {
  assertMayImport(actor, kind);
  return buildPreview(kind, text, meta, prepare(kind, text));
}

/**
 * Step 2: the same text again, re-parsed and re-validated inside the write transaction (the
 * data may have changed since the preview). Any error: nothing is written.
 */
export function commitCsvImport(actor: UpsertActor, kind: ImportKind, text: string, meta: FileMeta): UpsertCounts & { rows: number } {
  assertMayImport(actor, kind);
  const prepared = prepare(kind, text);
  if (prepared.parsed.fileErrors.length > 0 || prepared.cellErrors.length > 0 || prepared.parsed.records.length === 0) {
    throw importRejected(buildPreview(kind, text, meta, prepared));
  }
  const options = {
    describeRow: prepared.describeRow,
    audit: { action: "import", detail: { fileName: meta.fileName, encoding: meta.encoding, sha256: sha256(text) } },
  };
  try {
    const counts = kind === "accounts" ? upsertAccounts(actor, prepared.inputs, options) : upsertContacts(actor, prepared.inputs, options);
    return { ...counts, rows: prepared.inputs.length };
  } catch (error) {
    if (isRowsRejected(error)) throw importRejected(buildPreview(kind, text, meta, prepared, error.detail));
    throw error;
  }
}

/** A template file: a BOM (so Excel reads UTF-8, Japanese included) and the header line. */
export function csvTemplate(kind: ImportKind): string {
  return `\uFEFF${CSV_COLUMNS[kind].map((column) => column.name).join(",")}\r\n`;
}
