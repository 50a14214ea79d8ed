import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "./use-format";

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
  const { t } = useTranslation("accounts");
  const format = useFormat();
  const original = format.money(amount, currency);
  if (currency === reportingCurrency && reporting !== null) return <>{original}</>;
  return (
    <>
      {original}
      <div
        className={reporting === null ? "muted small no-rate" : "muted small"}
        title={
          reporting === null ? t("acv.noRateTitle", { currency, reporting: reportingCurrency }) : t("acv.inReportingTitle", { reporting: reportingCurrency })
        }
      >
        {reporting === null ? t("acv.noRate") : t("acv.approximately", { amount: format.money(reporting, reportingCurrency) })}
      </div>
    </>
  );
}

/** Says which currencies have no rate in force, so "no rate" amounts and their place at the end of a ranking are explained. */
export function MissingRatesNote({ missing, reportingCurrency }: { missing: readonly string[]; reportingCurrency: string }) {
  const { t } = useTranslation("accounts");
  if (missing.length === 0) return null;
  return (
    <p className="notice warn" role="status">
      <Trans
        t={t}
        i18nKey="acv.missingRates"
        count={missing.length}
        values={{ reporting: reportingCurrency, currencies: missing.join(", ") }}
        components={{ settings: <Link to="/cs/settings/currency" /> }}
      />
    </p>
  );
}
