import { accounts, contacts, users } from "../../db/schema";
import type { Role } from "../../app/domain/permissions";
import { putExchangeRate } from "../../app/models/exchange-rate.server";
import { putSetting } from "../../app/models/settings.server";
import { refreshReportingAmounts } from "../../app/services/currency-settings.server";
import { db, transaction } from "../../app/utils/db.server";
import { startSession } from "../../app/utils/session.server";

let sequence = 0;
const next = () => ++sequence;

/** Inserts an account; every field can be overridden. */
export function createAccount(overrides: Partial<typeof accounts.$inferInsert> = {}) {
  const n = next();
  return db
    .insert(accounts)
    .values({
      externalId: `acct-${n}`,
      name: `Account ${n}`,
      domain: `account${n}.example`,
      acvAmount: 1_200_000,
      acvCurrency: "USD",
      segment: "low",
      startDate: "2024-01-01",
      ...overrides,
    })
    .returning()
    .get();
}

/** Inserts a contact (and an account for it unless `accountId` is given). */
export function createContact(overrides: Partial<typeof contacts.$inferInsert> = {}) {
  const n = next();
  const accountId = overrides.accountId ?? createAccount().id;
  return db
    .insert(contacts)
    .values({ email: `contact${n}@example.com`, name: `Contact ${n}`, locale: "en", ...overrides, accountId })
    .returning()
    .get();
}

/** Inserts a staff user. The password hash is a placeholder: sign in with `staffCookie`. */
export function createStaff(role: Role, overrides: Partial<typeof users.$inferInsert> = {}) {
  const n = next();
  return db
    .insert(users)
    .values({ email: `${role}${n}@kizuna.test`, name: `${role} ${n}`, role, passwordHash: "!", ...overrides })
    .returning()
    .get();
}

function cookiePair(setCookie: string) {
  return setCookie.split(";")[0];
}

/** A `Cookie` header value carrying a live staff session for `userId`. */
export async function staffCookie(userId: number): Promise<string> {
  return cookiePair(await startSession("staff", userId, new Request("http://localhost/")));
}

/** A `Cookie` header value carrying a live customer session for `contactId`. */
export async function contactCookie(contactId: number): Promise<string> {
  return cookiePair(await startSession("contact", contactId, new Request("http://localhost/")));
}

/** Builds a request as a browser would send it, optionally signed in and with a form body. */
export function formRequest(path: string, form: Record<string, string | string[]>, cookie?: string, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}), ...headers },
  });
}

export function getRequest(path: string, cookie?: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
}

/**
 * Sets the reporting currency and rates into it (units of the reporting currency per unit),
 * in force since 2000, and re-converts every account, as the currency settings page does.
 */
export function setReportingRates(rates: Record<string, string>, reportingCurrency = "JPY", caseThresholdMinor: number | null = 1_000_000) {
  transaction((tx) => {
    putSetting("currency", { reportingCurrency, caseThresholdMinor });
    for (const [currency, rate] of Object.entries(rates))
      putExchangeRate(tx, { currency, quoteCurrency: reportingCurrency, effectiveDate: "2000-01-01", rate }, null);
    refreshReportingAmounts(tx);
  });
}
