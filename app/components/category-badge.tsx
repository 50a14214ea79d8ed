import { badgeTextColour, swatchNeedsOutline } from "../domain/community-categories";

/*
 * A category's colour as SVG: fills are attributes, so the strict CSP (no inline style) holds.
 * The sample letters take black or white, whichever reads at least 4.5:1 on the colour, and a
 * pale colour gets an outline so the swatch shows on a white page.
 */

export function CategorySwatch({ colour, label }: { colour: string; label?: string }) {
  return (
    <svg
      width="36"
      height="22"
      viewBox="0 0 36 22"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      <rect x="0.5" y="0.5" width="35" height="21" rx="5" fill={colour} stroke={swatchNeedsOutline(colour) ? "#6b7280" : colour} />
      <text x="18" y="15.5" textAnchor="middle" fontSize="12" fontWeight="600" fill={badgeTextColour(colour)}>
        Aa
      </text>
    </svg>
  );
}

export function CategoryBadge({ colour, name }: { colour: string; name: string }) {
  return (
    <span className="category-badge">
      <CategorySwatch colour={colour} />
      <span>{name}</span>
    </span>
  );
}
