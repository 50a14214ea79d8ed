import { Link } from "@remix-run/react";
import { formatMoney } from "../domain/segments";
import { formatReporting } from "../domain/money";

/**
 * An ACV as the account keeps it, with its value in the reporting currency beside it when the
 * currencies differ ("no rate" when its currency has no rate in force).
 */
export function AcvAmount({
  amount,
  currency,
  reporting,
  reportingCurrency,
}: {
  amount: number;
  currency: string;
  reporting: number | null;
  reportingCurrency: string;
}) {
  const original = formatMoney({ amount, currency });
  if (currency === reportingCurrency && reporting !== null) return <>{original}</>;
  return (
    <>
      {original}
      <div
        className={reporting === null ? "muted small no-rate" : "muted small"}
        title={reporting === null ? `No ${currency} → ${reportingCurrency} rate in force` : `In ${reportingCurrency} at the rate in force`}
      >
        {reporting === null ? "no rate" : `≈ ${formatReporting(reporting, reportingCurrency)}`}
      </div>
    </>
  );
}

/** Says which currencies have no rate in force, so "no rate" amounts and their place at the end of a ranking are explained. */
export function MissingRatesNote({ missing, reportingCurrency }: { missing: readonly string[]; reportingCurrency: string }) {
  if (missing.length === 0) return null;
  return (
    <p className="notice warn" role="status">
      No exchange rate into {reportingCurrency} is in force for {missing.join(", ")}: {missing.length === 1 ? "its" : "their"} accounts show “no rate” and rank
      after the others by money at stake. An admin can add rates in <Link to="/cs/settings/currency">Settings → Currency</Link>.
    </p>
  );
}
