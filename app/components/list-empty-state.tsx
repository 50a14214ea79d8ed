import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * What a console list shows when a page has no rows: past the last page (back to the first),
 * nothing matching the filters, or nothing yet — with how to get some (`whenEmpty`). `noun` is
 * the list's plural noun in the reader's language ("accounts", "アカウント").
 */
export function ListEmptyState({
  noun,
  listPath,
  total,
  filtered,
  whenEmpty,
}: {
  noun: string;
  listPath: string;
  total: number;
  filtered: boolean;
  whenEmpty: React.ReactNode;
}) {
  const { t } = useTranslation("console");
  return (
    <div className="card empty-state">
      <h2>{t(total > 0 ? "terms.list.emptyPage" : filtered ? "terms.list.emptyFiltered" : "terms.list.emptyNone", { noun })}</h2>
      <p className="muted">{total > 0 ? <Link to={listPath}>{t("terms.list.firstPage")}</Link> : filtered ? t("terms.list.fewerFilters") : whenEmpty}</p>
    </div>
  );
}
