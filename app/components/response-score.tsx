import type { Category } from "../domain/nps";

export const CATEGORY_LABEL: Record<Category, string> = { promoter: "Promoter", passive: "Passive", detractor: "Detractor" };

/** A score coloured by its category, which its title names. */
export function ResponseScore({ score, category }: { score: number; category: Category }) {
  return (
    <span className={`response-score ${category}`} title={CATEGORY_LABEL[category]}>
      {score}
    </span>
  );
}
