import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "./use-format";
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
  const { t } = useTranslation("console");
  const format = useFormat();
  const original = format.money(amount, currency);
  if (currency === reportingCurrency && reporting !== null) return <>{original}</>;
  return (
    <>
      {original}
      <div
        className={reporting === null ? "muted small no-rate" : "muted small"}
        title={reporting === null ? t("shared.noRateTitle", { currency, reportingCurrency }) : t("shared.atRateTitle", { reportingCurrency })}
      >
        {reporting === null ? t("shared.noRate") : `≈ ${formatReporting(reporting, reportingCurrency)}`}
      </div>
    </>
  );
}

/** Says which currencies have no rate in force, so "no rate" amounts and their place at the end of a ranking are explained. */
export function MissingRatesNote({ missing, reportingCurrency }: { missing: readonly string[]; reportingCurrency: string }) {
  const { t } = useTranslation("console");
  if (missing.length === 0) return null;
  return (
    <p className="notice warn" role="status">
      <Trans
        t={t}
        i18nKey="shared.missingRates"
        count={missing.length}
        values={{ reportingCurrency, currencies: missing.join(t("shared.listGap")) }}
        components={{ settings: <Link to="/cs/settings/currency" /> }}
      />
    </p>
  );
}
