import { useTranslation } from "react-i18next";
import type { Category } from "../domain/nps";

/** English labels, for English-only text; the console words categories with `useCategoryLabel`. */
export const CATEGORY_LABEL: Record<Category, string> = { promoter: "Promoter", passive: "Passive", detractor: "Detractor" };

/** An NPS category in the reader's language (推奨者 / 中立者 / 批判者). */
export function useCategoryLabel(): (category: Category) => string {
  const { t } = useTranslation("console");
  return (category) => t(`shared.category.${category}`);
}

/** A score coloured by its category, which its title names. */
export function ResponseScore({ score, category }: { score: number; category: Category }) {
  const label = useCategoryLabel();
  return (
    <span className={`response-score ${category}`} title={label(category)}>
      {score}
    </span>
  );
}
