import { Link } from "@remix-run/react";

/**
 * What a console list shows when a page has no rows: past the last page (back to the first),
 * nothing matching the filters, or nothing yet — with how to get some (`whenEmpty`).
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
  return (
    <div className="card empty-state">
      <h2>{total > 0 ? `No ${noun} on this page` : filtered ? `No ${noun} match` : `No ${noun} yet`}</h2>
      <p className="muted">{total > 0 ? <Link to={listPath}>Back to the first page</Link> : filtered ? "Try fewer filters or another search." : whenEmpty}</p>
    </div>
  );
}
