/** The failed request's id under an error page, for a person to quote when they ask for help (nothing when it is not known). */
export function RequestReference({ label, reference }: { label: string; reference: string | null | undefined }) {
  if (!reference) return null;
  return (
    <p className="muted">
      {label}{" "}
      <code translate="no" data-request-reference="">
        {reference}
      </code>
    </p>
  );
}
