import { useTranslation } from "react-i18next";
import type { Category } from "../domain/nps";

export const CATEGORY_LABEL: Record<Category, string> = { promoter: "Promoter", passive: "Passive", detractor: "Detractor" };

/** A score coloured by its category, which its title names. */
export function ResponseScore({ score, category }: { score: number; category: Category }) {
  const { t } = useTranslation("console");
  return (
    <span className={`response-score ${category}`} title={t(`terms.category.${category}`)}>
      {score}
    </span>
  );
}
