import { useTranslation } from "react-i18next";
import type { Segment } from "../domain/segments";
import { SEGMENT_LABEL } from "../domain/segments";

export type FilterOption = { value: string | number; label: string };

/** The segments in the order the console lists them, as filter choices (English; pages use `useSegmentOptions`). */
export const SEGMENT_OPTIONS: readonly FilterOption[] = (Object.keys(SEGMENT_LABEL) as Segment[]).map((segment) => ({
  value: segment,
  label: SEGMENT_LABEL[segment],
}));

/** The segments as filter choices in the reader's language (ハイタッチ / ロータッチ / テックタッチ). */
export function useSegmentOptions(): readonly FilterOption[] {
  const { t } = useTranslation("console");
  return (Object.keys(SEGMENT_LABEL) as Segment[]).map((segment) => ({ value: segment, label: t(`shared.segment.${segment}`) }));
}

/** Rows with an id and a name (users, campaigns) as filter choices. */
export function namedOptions(rows: readonly { id: number; name: string }[]): FilterOption[] {
  return rows.map((row) => ({ value: row.id, label: row.name }));
}

/**
 * One select of a list's GET filter form: the first choice, with an empty value, means "no filter"
 * (the list parsers read an empty parameter as absent), then the given choices. The page passes
 * its labels in the reader's language (`useSegmentOptions` for segments).
 */
export function FilterSelect({
  name,
  label,
  anyLabel,
  value,
  options,
}: {
  name: string;
  label: string;
  anyLabel: string;
  value: string | number | null | undefined;
  options: readonly FilterOption[];
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value === null || value === undefined ? "" : String(value)}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
