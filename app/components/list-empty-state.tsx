import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countedNoun } from "./pager";

/**
 * What a console list shows when a page has no rows: past the last page (back to the first),
 * nothing matching the filters, or nothing yet — with how to get some (`whenEmpty`). `noun` is
 * plural: one of the pager's counted nouns is worded from the console's strings, any other is given
 * in the reader's language.
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
  const known = countedNoun(noun);
  const nouns = known ? t(`shared.nouns.${known}`) : noun;
  const heading = known
    ? t(total > 0 ? "shared.empty.offPage" : filtered ? "shared.empty.noMatch" : "shared.empty.none", { nouns })
    : t(total > 0 ? "terms.list.emptyPage" : filtered ? "terms.list.emptyFiltered" : "terms.list.emptyNone", { noun });
  return (
    <div className="card empty-state">
      <h2>{heading}</h2>
      <p className="muted">{total > 0 ? <Link to={listPath}>{t("shared.empty.firstPage")}</Link> : filtered ? t("shared.empty.fewerFilters") : whenEmpty}</p>
    </div>
  );
}
