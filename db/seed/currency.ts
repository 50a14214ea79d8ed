import { factorsInForce, normalizeRate, type ExchangeRate } from "../../app/domain/money";
import { SETTINGS } from "../../app/models/settings.server";
import type { SeedStep } from "./context";

/** Roughly where the rates stood: units of the reporting currency per unit of the other. */
const BASE_RATES: Record<string, Record<string, number>> = {
  JPY: { USD: 150, EUR: 162 },
  USD: { JPY: 0.0067, EUR: 1.08 },
};

const MONTHS_OF_RATES = 12;

/**
 * The reporting currency (the admin's when one is set, else the default JPY) and a year of
 * monthly rates into it, moving a little each month, so the demo ranks yen and dollar accounts
 * by one measure. Runs before the accounts, whose triggers then convert each ACV at the rate in
 * force on the reference day. A reporting currency without base rates gets none (its accounts
 * show "no rate", as they would).
 */
export const currencyStep: SeedStep = {
  name: "exchange_rates",
  run(ctx) {
    const rng = ctx.rng("currency");
    const row = ctx.sqlite.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'currency'").get();
    const saved = row ? SETTINGS.currency.schema.safeParse(JSON.parse(row.value)) : null;
    const settings = saved?.success ? saved.data : SETTINGS.currency.default;
    if (!saved?.success) {
      ctx.sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('currency', ?)").run(JSON.stringify(settings));
    }
    const reporting = settings.reportingCurrency;
    const insert = ctx.sqlite.prepare(
      "INSERT OR IGNORE INTO exchange_rates (currency, quote_currency, effective_date, rate, created_at) VALUES (?, ?, ?, ?, ?)",
    );
    const rates: ExchangeRate[] = [];
    const today = new Date(ctx.todayMs);
    for (const [currency, base] of Object.entries(BASE_RATES[reporting] ?? {})) {
      for (let m = MONTHS_OF_RATES - 1; m >= 0; m--) {
        const first = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - m, 1);
        // ±4 % around the base, to four significant digits.
        const rate = normalizeRate((base * (0.96 + 0.08 * rng.next())).toPrecision(4));
        const effectiveDate = new Date(first).toISOString().slice(0, 10);
        insert.run(currency, reporting, effectiveDate, rate, first);
        rates.push({ currency, quoteCurrency: reporting, effectiveDate, rate });
      }
    }
    ctx.sqlite.prepare("DELETE FROM reporting_factors").run();
    const factor = ctx.sqlite.prepare("INSERT INTO reporting_factors (currency, factor, rate, effective_date) VALUES (?, ?, ?, ?)");
    for (const f of factorsInForce(rates, reporting, ctx.today).values()) factor.run(f.currency, f.factor, f.rate, f.effectiveDate);
    return rates.length;
  },
};
