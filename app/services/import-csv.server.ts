import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { ACCOUNT_CSV_COLUMNS } from "../domain/account-rows";
import { CONTACT_CSV_COLUMNS } from "../domain/contact-rows";
import { columnForPath, IMPORT_LIMITS, mapHeaders, recordToInput, type CsvColumn, type HeaderMapping, type ImportKind } from "../domain/csv-rows";
import type { RowError } from "../domain/rows";
import { errorMessage, ServiceError, type ErrorCode, type ErrorParams } from "../domain/service-error";
import type { Segment } from "../domain/segments";
import type { Language } from "../locales";
import { sha256 } from "../utils/crypto.server";
import { runStepsInSlices, timeSlicer } from "../utils/time-slice.server";
import { assertCan, isStaffActor } from "./actor.server";
import { planAccountUpsertSteps, upsertAccounts } from "./upsert-accounts.server";
import { isRowsRejected, type UpsertActor, type UpsertCounts, type UpsertOutcome } from "./upsert-common.server";
import { planContactUpsertSteps, upsertContacts } from "./upsert-contacts.server";

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
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } | { error: "importNotText" } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "UTF-8" };
  } catch {
    // not UTF-8; try the encoding Japanese Excel uses
  }
  try {
    return { text: new TextDecoder("shift_jis", { fatal: true }).decode(bytes), encoding: "Shift_JIS" };
  } catch {
    return { error: "importNotText" };
  }
}

/** A problem with the file, a line or a cell: a code of the console's `errors` and its parameters, which the page words. */
export type ImportError = { line: number | null; column: string | null; code: ErrorCode; params?: ErrorParams };
/** The ACV as read: minor units and currency, which the page formats. */
export type SampleRow = { line: number; status: UpsertOutcome | "error"; cells: string[]; segment?: Segment; acv?: { amount: number; currency: string } };

/** An import error's sentence in a language (English for logs and tests). */
export function importErrorText(error: Pick<ImportError, "code" | "params">, language: Language = "en"): string {
  return errorMessage(error.code, error.params, language);
}

/** Limits in messages: "50,000" (Japanese groups digits the same way). */
const grouped = (value: number) => new Intl.NumberFormat("en").format(value);

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
      return { line, column: null, code: "csvQuoteNotClosed" };
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return { line, column: null, code: "csvQuoteInside" };
    default:
      return { line, column: null, code: "csvInvalid", params: { code: error.code } };
  }
}

/** How much text the parser gets at a time: the work between two chances to yield. */
const CHUNK_CHARS = 16 * 1024;

/** The text in chunks, never splitting a surrogate pair (the parser encodes each chunk as UTF-8). */
function* textChunks(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    yield text.slice(start, end);
    start = end;
  }
}

const tooManyRows = (): ImportError => ({
  line: null,
  column: null,
  code: "csvTooManyRows",
  params: { max: grouped(IMPORT_LIMITS.maxRows) },
});

const tooManyEmptyLines = (line: number): ImportError => ({
  line,
  column: null,
  code: "csvTooManyEmptyLines",
  params: { max: grouped(IMPORT_LIMITS.maxEmptyLines) },
});

/**
 * Splits the text into header mapping and records, each with the line it starts on. The parse
 * streams (csv-parse's stream API): records are counted as they come and the parse stops as soon
 * as the file has more rows, or more empty lines, than an import takes, so a 10 MB file of blank
 * lines costs as little as a short one; and it yields to the event loop between time slices.
 */
export async function parseCsvFile(text: string, columns: readonly CsvColumn[]): Promise<ParsedFile> {
  // One line ending everywhere makes line numbers exact (Excel writes CRLF, old Macs CR).
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const source = Readable.from(textChunks(normalized));
  const parser = source.pipe(parse({ delimiter: delimiterOf(normalized), raw: true, relax_column_count: true, skip_empty_lines: false }));
  const slicer = timeSlicer();
  let header: { line: number; cells: string[] } | null = null;
  const records: ParsedFile["records"] = [];
  let emptyLines = 0;
  let limitError: ImportError | null = null;
  // Each record's raw text (empty lines included) carries its own line breaks: the start line
  // of a record is one more than the breaks before it, also after a value spanning lines.
  let line = 1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<RawRecord>) {
      const start = line;
      for (let i = raw.indexOf("\n"); i !== -1; i = raw.indexOf("\n", i + 1)) line += 1;
      if (!record.some((cell) => cell.trim() !== "")) {
        emptyLines += 1;
        if (emptyLines > IMPORT_LIMITS.maxEmptyLines) {
          limitError = tooManyEmptyLines(start);
          break;
        }
      } else if (!header) {
        header = { line: start, cells: record };
      } else if (records.length === IMPORT_LIMITS.maxRows) {
        limitError = tooManyRows();
        break;
      } else {
        records.push({ line: start, cells: record });
      }
      if (slicer.due()) await slicer.pause();
    }
  } catch (error) {
    if (error instanceof CsvError) return { mapping: null, records: [], fileErrors: [describeCsvError(error)] };
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (limitError) return { mapping: null, records: [], fileErrors: [limitError] };
  if (!header) {
    return {
      mapping: null,
      records: [],
      fileErrors: [{ line: null, column: null, code: "csvEmpty" }],
    };
  }
  const mapping = mapHeaders(header.cells, columns);
  const fileErrors: ImportError[] = [];
  if (mapping.missingRequired.length > 0) {
    const names = mapping.missingRequired.map((c) => c.name).join(", ");
    fileErrors.push({
      line: header.line,
      column: null,
      code: "csvMissingColumns",
      params: { count: mapping.missingRequired.length, names },
    });
  }
  if (mapping.duplicated.length > 0) {
    fileErrors.push({ line: header.line, column: null, code: "csvDuplicateColumns", params: { pairs: mapping.duplicated.join("; ") } });
  }
  if (records.length === 0 && fileErrors.length === 0) {
    fileErrors.push({ line: null, column: null, code: "csvNoRows" });
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

async function prepare(kind: ImportKind, text: string): Promise<Prepared> {
  const columns = CSV_COLUMNS[kind];
  const parsed = await parseCsvFile(text, columns);
  const inputs: Record<string, unknown>[] = [];
  const cellErrors: RowError[] = [];
  if (parsed.mapping && parsed.fileErrors.length === 0) {
    const width = parsed.mapping.byPosition.length;
    const slicer = timeSlicer();
    for (const [index, { cells }] of parsed.records.entries()) {
      const extra = cells.slice(width).some((cell) => cell.trim() !== "");
      if (extra || cells.length < width) {
        cellErrors.push({
          index,
          path: "",
          code: "invalid_value",
          message: `this line has ${cells.length} values but the header has ${width} columns; a value containing a comma must be in double quotes`,
          reason: { code: "csvFieldCount", params: { values: cells.length, columns: width } },
        });
      }
      const { input, cellErrors: errors } = recordToInput(cells, parsed.mapping);
      inputs.push(input);
      for (const error of errors) cellErrors.push({ index, code: "invalid_value", ...error });
      if (slicer.due()) await slicer.pause();
    }
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
  acv: Map<number, { amount: number; currency: string }>;
  errors: RowError[];
};

/** The plan of the preview, in time slices: reads only, so other requests may run in between. */
async function planFor(kind: ImportKind, prepared: Prepared): Promise<PreviewPlan> {
  const empty: PreviewPlan = { outcomes: new Map(), segments: new Map(), acv: new Map(), errors: [] };
  if (prepared.parsed.fileErrors.length > 0) return empty;
  if (kind === "accounts") {
    const plan = await runStepsInSlices(planAccountUpsertSteps(prepared.inputs, prepared.describeRow));
    return {
      outcomes: new Map(plan.planned.map((p) => [p.index, p.outcome])),
      segments: new Map(plan.planned.map((p) => [p.index, p.row.segment])),
      // Only the sample rows are shown; formatting every row would cost more than validating it.
      acv: new Map(
        plan.planned.filter((p) => p.index < IMPORT_LIMITS.sampleRows).map((p) => [p.index, { amount: p.row.acvAmount, currency: p.row.acvCurrency }]),
      ),
      errors: plan.errors,
    };
  }
  const plan = await runStepsInSlices(planContactUpsertSteps(prepared.inputs, prepared.describeRow));
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

async function buildPreview(kind: ImportKind, text: string, meta: FileMeta, prepared: Prepared, rejectedErrors?: RowError[]): Promise<ImportPreview> {
  const { parsed } = prepared;
  const mapping = parsed.mapping;
  const columns = CSV_COLUMNS[kind];
  const plan = await planFor(kind, prepared);
  const rowErrors = combineErrors(prepared.cellErrors, rejectedErrors ?? plan.errors, columns);
  const errorIndexes = new Set(rowErrors.map((e) => e.index));
  const errors: ImportError[] = [
    ...parsed.fileErrors,
    ...rowErrors.map((e) => ({
      line: parsed.records[e.index]?.line ?? null,
      column: e.path === "" || !mapping ? null : columnForPath(e.path, mapping, columns),
      code: e.reason.code,
      params: e.reason.firstIndex === undefined ? e.reason.params : { ...e.reason.params, line: parsed.records[e.reason.firstIndex]?.line ?? "?" },
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
export async function previewCsvImport(actor: UpsertActor, kind: ImportKind, text: string, meta: FileMeta): Promise<ImportPreview> {
  assertMayImport(actor, kind);
  return buildPreview(kind, text, meta, await prepare(kind, text));
}

/**
 * Step 2: the same text again, re-parsed and re-validated inside the write transaction (the
 * data may have changed since the preview). Any error: nothing is written.
 */
export async function commitCsvImport(actor: UpsertActor, kind: ImportKind, text: string, meta: FileMeta): Promise<UpsertCounts & { rows: number }> {
  assertMayImport(actor, kind);
  const prepared = await prepare(kind, text);
  if (prepared.parsed.fileErrors.length > 0 || prepared.cellErrors.length > 0 || prepared.parsed.records.length === 0) {
    throw importRejected(await buildPreview(kind, text, meta, prepared));
  }
  const options = {
    describeRow: prepared.describeRow,
    audit: { action: "import" as const, detail: { fileName: meta.fileName, encoding: meta.encoding, sha256: sha256(text) } },
  };
  try {
    const counts = kind === "accounts" ? upsertAccounts(actor, prepared.inputs, options) : upsertContacts(actor, prepared.inputs, options);
    return { ...counts, rows: prepared.inputs.length };
  } catch (error) {
    if (isRowsRejected(error)) throw importRejected(await buildPreview(kind, text, meta, prepared, error.detail));
    throw error;
  }
}

/** A template file: a BOM (so Excel reads UTF-8, Japanese included) and the header line. */
export function csvTemplate(kind: ImportKind): string {
  return `\uFEFF${CSV_COLUMNS[kind].map((column) => column.name).join(",")}\r\n`;
}
