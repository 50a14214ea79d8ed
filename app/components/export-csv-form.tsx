import { useId } from "react";
import { useTranslation } from "react-i18next";
import { EXPORT_ENCODINGS, type ExportEncoding } from "../domain/csv-export";

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
 * encoding to write and the header row: in the reader's language (the default here, for people)
 * or the stable English keys scripts read (what a request without `headers` gets).
 */
export function ExportCsvForm({ filters, action = "/cs/responses/export.csv", defaultEncoding = "utf8-bom", total }: ExportCsvFormProps) {
  const { t } = useTranslation("responses");
  const encodingId = useId();
  const headersId = useId();
  return (
    <form method="get" action={action} className="export-csv-form" aria-label={t("export.label")}>
      {FILTER_NAMES.map((name) => {
        const value = filters[name];
        return value === null || value === undefined || value === "" ? null : <input key={name} type="hidden" name={name} value={String(value)} />;
      })}
      <div className="field">
        <label htmlFor={encodingId}>{t("export.encoding")}</label>
        <select id={encodingId} name="encoding" defaultValue={defaultEncoding}>
          {EXPORT_ENCODINGS.map((encoding) => (
            <option key={encoding} value={encoding}>
              {t(`export.encodings.${encoding}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={headersId}>{t("export.headers")}</label>
        <select id={headersId} name="headers" defaultValue="language">
          <option value="language">{t("export.headersLanguage")}</option>
          <option value="keys">{t("export.headersKeys")}</option>
        </select>
      </div>
      <button type="submit" className="secondary">
        {total === undefined ? t("export.submit") : t("export.submitRows", { count: total })}
      </button>
      <p className="muted small export-csv-hint">{t("export.hint")}</p>
    </form>
  );
}
