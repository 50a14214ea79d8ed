import { useId } from "react";
import { EXPORT_ENCODING_LABEL, EXPORT_ENCODINGS, type ExportEncoding } from "../domain/csv-export";

/** The response list's filters as its loader returns them (`query`); null or absent means "all". */
export type ExportCsvFilters = {
  category?: string | null;
  q?: string | null;
  segment?: string | null;
  csm?: number | string | null;
  campaign?: number | string | null;
  from?: string | null;
  to?: string | null;
  sort?: string | null;
};

export type ExportCsvFormProps = {
  /** The view to export: pass the list loader's `query` as is (its page position is not sent). */
  filters: ExportCsvFilters;
  /** The export route; defaults to the response list's. */
  action?: string;
  /** The encoding selected at first; defaults to UTF-8 with a BOM, which Excel opens correctly. */
  defaultEncoding?: ExportEncoding;
  /** How many rows the view holds, shown on the button when known. */
  total?: number;
};

const FILTER_NAMES = ["category", "q", "segment", "csm", "campaign", "from", "to", "sort"] as const;

/**
 * Downloads the list's current view as CSV: a plain GET form (no client routing, so the
 * browser saves the streamed file itself) carrying the filters as hidden inputs, with the
 * encoding to write.
 */
export function ExportCsvForm({ filters, action = "/cs/responses/export.csv", defaultEncoding = "utf8-bom", total }: ExportCsvFormProps) {
  const encodingId = useId();
  return (
    <form method="get" action={action} className="export-csv-form" aria-label="Export this view as CSV">
      {FILTER_NAMES.map((name) => {
        const value = filters[name];
        return value === null || value === undefined || value === "" ? null : <input key={name} type="hidden" name={name} value={String(value)} />;
      })}
      <div className="field">
        <label htmlFor={encodingId}>CSV encoding</label>
        <select id={encodingId} name="encoding" defaultValue={defaultEncoding}>
          {EXPORT_ENCODINGS.map((encoding) => (
            <option key={encoding} value={encoding}>
              {EXPORT_ENCODING_LABEL[encoding]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="secondary">
        {total === undefined ? "Export CSV" : `Export ${total.toLocaleString("en")} rows as CSV`}
      </button>
      <p className="muted small export-csv-hint">Every page of this view, in this order. Shift_JIS writes characters it lacks (emoji, some symbols) as “?”.</p>
    </form>
  );
}
