import { errorMessage } from "../domain/service-error";
import iconv from "iconv-lite";
import { searchMatchQuery } from "../domain/comment-search";
import {
  csvRecord,
  EXPORT_ENCODINGS,
  EXPORT_HEADER_FORMS,
  exportFileName,
  responseExportHeader,
  responseExportRecord,
  toShiftJisLookalikes,
  UTF8_BOM,
  type ExportEncoding,
  type ExportHeaderForm,
  type ExportWording,
} from "../domain/csv-export";
import type { Language } from "../locales";
import { can } from "../domain/permissions";
import { todayIso } from "../domain/rows";
import { minorDigits } from "../domain/segments";
import { audit } from "../models/audit.server";
import { responseExportDetails } from "../models/response-export.server";
import { countResponsesByCategory, keyAfter, listResponsePage, type ResponseListKey } from "../models/response-list.server";
import { getSetting } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { hit, type RateLimit } from "../utils/rate-limit.server";
import { parseResponseListQuery, responseListFilters, type ResponseListQuery } from "./list-responses.server";

/** Rows a query reads: a few tens of ms of SQLite on the large seed, so other requests get turns between batches. */
export const EXPORT_BATCH_SIZE = 1_000;

/** Exports a user may start in a window: enough to retry or try another encoding, not to hammer the database. */
export const EXPORT_RATE_LIMIT: RateLimit = { limit: 5, windowMs: 60_000 };

export type ResponseExportRequest = { query: ResponseListQuery; encoding: ExportEncoding; headers: ExportHeaderForm };

export type ParsedResponseExportRequest = { ok: true; request: ResponseExportRequest } | { ok: false; message: string };

/**
 * The list's own query string plus `encoding` (default `utf8-bom`) and `headers` (default `keys`:
 * the English header row and codes integrations read; `language`: the exporter's language, what
 * the console's form sends). A page position (`after`) is dropped: the export is the whole view
 * from its first row, whichever page it was started on.
 */
export function parseResponseExportQuery(params: URLSearchParams): ParsedResponseExportRequest {
  const listParams = new URLSearchParams(params);
  const encodings = listParams.getAll("encoding");
  const headerForms = listParams.getAll("headers");
  listParams.delete("encoding");
  listParams.delete("headers");
  listParams.delete("after");
  if (encodings.length > 1) return { ok: false, message: "Give the encoding parameter once." };
  if (headerForms.length > 1) return { ok: false, message: "Give the headers parameter once." };
  const encodingText = encodings[0]?.trim() || "utf8-bom";
  const encoding = EXPORT_ENCODINGS.find((known) => known === encodingText);
  if (!encoding) return { ok: false, message: `The encoding parameter “${encodingText}” is not valid: it must be one of ${EXPORT_ENCODINGS.join(", ")}.` };
  const headersText = headerForms[0]?.trim() || "keys";
  const headers = EXPORT_HEADER_FORMS.find((known) => known === headersText);
  if (!headers) return { ok: false, message: `The headers parameter “${headersText}” is not valid: it must be one of ${EXPORT_HEADER_FORMS.join(", ")}.` };
  const parsed = parseResponseListQuery(listParams);
  // The export answers machines as well as people: its refusals stay in English.
  if (!parsed.ok) return { ok: false, message: errorMessage(parsed.code, parsed.params, "en") };
  return { ok: true, request: { query: parsed.query, encoding, headers } };
}

/** Words for the file name: the tab, then each filter that narrows the view. */
function viewWords(query: ResponseListQuery): string[] {
  const words = [query.category ? `${query.category}s` : "all"];
  if (query.segment) words.push(query.segment);
  if (query.csm !== null) words.push(`csm${query.csm}`);
  if (query.campaign !== null) words.push(`campaign${query.campaign}`);
  if (query.from || query.to) words.push(`${query.from ?? ""}_${query.to ?? ""}`);
  if (query.q) words.push(query.q.slice(0, 30));
  if (query.sort !== "stake") words.push(query.sort);
  return words;
}

/** Text to bytes in the chosen encoding; characters Shift_JIS lacks become "?" (iconv-lite's replacement), never an error. */
function encoderFor(encoding: ExportEncoding): (text: string) => Uint8Array {
  if (encoding === "shift_jis") return (text) => iconv.encode(toShiftJisLookalikes(text), "shift_jis");
  const utf8 = new TextEncoder();
  return (text) => utf8.encode(text);
}

export type ResponseExportStart =
  | { ok: true; fileName: string; stream: ReadableStream<Uint8Array>; expectedRows: number }
  | { ok: false; status: 403 | 429; message: string; retryAfterSeconds?: number };

export type ResponseExportOptions = {
  /** The exporter's language, for the `language` header form (English when not given). */
  language?: Language;
  /** Aborted when the client goes away: the export stops querying. */
  signal?: AbortSignal;
  ip?: string;
  batchSize?: number;
  now?: Date;
};

/**
 * Starts exporting the response list's view as CSV. Rows are read in keyset batches by the
 * list's own query (same filters, same order) only as the reader asks for them, so memory
 * holds one batch and the header leaves before the first query. The export is audited when it
 * starts (who, which view, how many rows the view counted) and when it ends (rows written,
 * finished or stopped by the client).
 */
export function startResponseExport(staff: StaffUser, request: ResponseExportRequest, options: ResponseExportOptions = {}): ResponseExportStart {
  if (!can(staff.role, "export:response:any")) return { ok: false, status: 403, message: `Your role (${staff.role}) does not allow exporting responses.` };
  const now = options.now ?? new Date();
  const rate = hit(`export:responses:user:${staff.id}`, EXPORT_RATE_LIMIT, now.getTime());
  if (!rate.ok) {
    return {
      ok: false,
      status: 429,
      retryAfterSeconds: rate.retryAfterSeconds,
      message: `You have started ${EXPORT_RATE_LIMIT.limit} exports in the last minute. Try again in ${rate.retryAfterSeconds} s.`,
    };
  }

  const { query, encoding, headers } = request;
  const wording: ExportWording = headers === "keys" ? { form: "keys" } : { form: "language", language: options.language ?? "en" };
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  const match = query.q ? searchMatchQuery(query.q) : null;
  // As in the list: a search of only punctuation has nothing to look for and matches nothing.
  const searchable = !query.q || match !== null;
  const filters = responseListFilters(query, match);
  const { reportingCurrency } = getSetting("currency");
  const { category: _category, ...otherFilters } = filters;
  const counts = searchable ? countResponsesByCategory(otherFilters, getSetting("npsSurvey").thresholds) : { promoter: 0, passive: 0, detractor: 0 };
  const expectedRows = query.category ? counts[query.category] : counts.promoter + counts.passive + counts.detractor;
  const view = {
    category: query.category,
    q: query.q,
    segment: query.segment,
    csm: query.csm,
    campaign: query.campaign,
    from: query.from,
    to: query.to,
    sort: query.sort,
  };
  audit({ actorUserId: staff.id, action: "response.export_started", entity: "response", ip: options.ip, detail: { view, encoding, headers, expectedRows } });

  const encode = encoderFor(encoding);
  const signal = options.signal;
  let after: ResponseListKey | null = null;
  let written = 0;
  let ended = false;
  const end = (outcome: "finished" | "stopped" | "failed") => {
    if (ended) return;
    ended = true;
    audit({ actorUserId: staff.id, action: "response.export_ended", entity: "response", ip: options.ip, detail: { view, encoding, rows: written, outcome } });
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encode(`${encoding === "utf8-bom" ? UTF8_BOM : ""}${csvRecord(responseExportHeader(wording))}`));
        if (!searchable) {
          controller.close();
          end("finished");
        }
      },
      async pull(controller) {
        // A macrotask turn before each batch: other requests run, the socket drains, a disconnect is noticed.
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) {
          end("stopped");
          controller.close();
          return;
        }
        let rows: ReturnType<typeof listResponsePage>;
        let details: ReturnType<typeof responseExportDetails>;
        try {
          rows = listResponsePage(filters, query.sort, after, batchSize);
          details = responseExportDetails(rows.map((row) => row.id));
        } catch (error) {
          end("failed");
          throw error;
        }
        let text = "";
        for (const row of rows) {
          const more = details.get(row.id);
          text += csvRecord(
            responseExportRecord(
              {
                id: row.id,
                answeredAt: row.updatedAt,
                contactName: row.contactName,
                contactEmail: row.contactEmail,
                accountName: row.accountName,
                acvAmount: row.acvAmount,
                acvCurrency: row.acvCurrency,
                acvDigits: minorDigits(row.acvCurrency),
                acvReportingMinor: row.acvReportingMinor,
                reportingCurrency,
                reportingDigits: minorDigits(reportingCurrency),
                segment: row.segment,
                csmName: more?.csmName ?? null,
                renewalDate: row.renewalDate,
                score: row.score,
                category: row.category,
                previousScore: row.previousScore,
                comment: row.comment,
                campaignName: more?.campaignName ?? null,
                followUpStatus: more?.caseStatus ?? null,
              },
              wording,
            ),
          );
        }
        written += rows.length;
        if (text) controller.enqueue(encode(text));
        const last = rows.at(-1);
        if (rows.length < batchSize || !last) {
          controller.close();
          end("finished");
        } else {
          after = keyAfter(last, query.sort);
        }
      },
      cancel() {
        end("stopped");
      },
    },
    // One batch waits in the queue at most: the next query runs when the reader has taken it.
    { highWaterMark: 1 },
  );

  return { ok: true, fileName: exportFileName("responses", viewWords(query), todayIso(now)), stream, expectedRows };
}
