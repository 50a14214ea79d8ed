import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countedNoun } from "./pager";

/**
 * What a console list shows when a page has no rows: past the last page (back to the first),
 * nothing matching the filters, or nothing yet — with how to get some (`whenEmpty`). `noun` is
 * plural; one of the pager's counted nouns is worded in the reader's language.
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
    : total > 0
      ? `No ${noun} on this page`
      : filtered
        ? `No ${noun} match`
        : `No ${noun} yet`;
  return (
    <div className="card empty-state">
      <h2>{heading}</h2>
      <p className="muted">
        {total > 0 ? (
          <Link to={listPath}>{known ? t("shared.empty.firstPage") : "Back to the first page"}</Link>
        ) : filtered ? (
          known ? (
            t("shared.empty.fewerFilters")
          ) : (
            "Try fewer filters or another search."
          )
        ) : (
          whenEmpty
        )}
      </p>
    </div>
  );
}
