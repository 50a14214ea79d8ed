import { z } from "zod";
import type { CsvColumn } from "./csv-rows";
import { domainName, emailAddress, firstErrorPerPath, isoDate, lowerCased, requiredText, rowErrorsFromZod, type DescribeRow, type RowError } from "./rows";
import { segmentFor, type Segment, type SegmentThresholds } from "./segments";
import { runSteps, type Steps } from "./steps";

export const ACCOUNT_STAGES = ["onboarding", "adoption", "expansion", "renewal"] as const;
export type AccountStage = (typeof ACCOUNT_STAGES)[number];

export const MAX_EXTERNAL_ID = 100;

const externalIdKey = requiredText(MAX_EXTERNAL_ID, "an external id");

/**
 * One account as the CRM sends it, through the JSON API or a CSV line. Absent optional fields
 * keep what Kizuna has (or take the default for a new account); `null` clears a clearable one.
 */
const currencyCode = z
  .string({ error: (issue) => (issue.input === undefined ? "required: a 3-letter ISO currency code" : "must be text") })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "use a 3-letter ISO currency code such as JPY or USD");

export const AccountRow = z.strictObject({
  externalId: requiredText(MAX_EXTERNAL_ID, "the account's id in your CRM"),
  name: requiredText(200, "the account's name"),
  domain: domainName,
  acv: z.strictObject(
    {
      amount: z
        .number({ error: (issue) => (issue.input === undefined ? "required: the ACV in minor units" : "use a whole number of minor units") })
        .int("use a whole number of minor units (cents for USD; JPY has no minor unit)")
        .min(0, "cannot be negative"),
      currency: currencyCode,
    },
    {
      error: (issue) => (issue.input === undefined ? "required: the annual contract value" : 'use {"amount": <integer minor units>, "currency": "JPY"}'),
    },
  ),
  startDate: isoDate.optional(),
  /** The day an ACV change takes effect (the revenue movement's date); today when absent. */
  acvEffectiveDate: isoDate.optional(),
  renewalDate: isoDate.nullish(),
  stage: lowerCased(z.enum(ACCOUNT_STAGES, `use one of ${ACCOUNT_STAGES.join(", ")}`)).optional(),
  csmEmail: emailAddress.nullish(),
  seats: z
    .number({ error: "use a whole number of licensed seats, or null" })
    .int("use a whole number of licensed seats")
    .min(0, "cannot be negative")
    .max(10_000_000, "at most 10,000,000")
    .nullish(),
});
export type AccountRow = z.infer<typeof AccountRow>;

export const ACCOUNT_FIELDS = ["externalId", "name", "domain", "acv", "startDate", "renewalDate", "stage", "csmEmail", "seats", "acvEffectiveDate"] as const;

/** What an account row writes once its references are resolved. `undefined` means "keep". */
export type AccountWrite = {
  externalId: string;
  name: string;
  domain?: string | null;
  acvAmount: number;
  acvCurrency: string;
  segment: Segment;
  startDate?: string;
  renewalDate?: string | null;
  stage?: AccountStage;
  csmUserId?: number | null;
  seats?: number | null;
  /** When the ACV changed, if the CRM says: the date of the expansion or contraction it records. */
  acvEffectiveDate?: string;
};

export type AccountLookups = {
  thresholds: SegmentThresholds;
  /** The id of the active (not disabled) staff user with this normalized email. */
  activeStaffIdByEmail: (email: string) => number | undefined;
};

export type Resolved<T> = { writes: { index: number; write: T }[]; errors: RowError[] };

/**
 * Validates every row and resolves what it refers to (currency thresholds → segment, CSM email →
 * user). Errors are collected for all rows, so a person can fix a whole file in one pass.
 */
export function resolveAccountRows(inputs: readonly unknown[], lookups: AccountLookups, describeRow: DescribeRow): Resolved<AccountWrite> {
  return runSteps(resolveAccountRowSteps(inputs, lookups, describeRow));
}

/** `resolveAccountRows`, pausing after each row (see domain/steps.ts). */
export function* resolveAccountRowSteps(inputs: readonly unknown[], lookups: AccountLookups, describeRow: DescribeRow): Steps<Resolved<AccountWrite>> {
  const writes: Resolved<AccountWrite>["writes"] = [];
  const errors: RowError[] = [];
  const firstIndexOf = new Map<string, number>();

  for (const [index, input] of inputs.entries()) {
    yield;
    const rowErrors: RowError[] = [];
    const externalId = keyOf(input, "externalId", externalIdKey);
    if (externalId !== undefined) {
      const first = firstIndexOf.get(externalId);
      if (first === undefined) firstIndexOf.set(externalId, index);
      else
        rowErrors.push({
          index,
          path: "externalId",
          code: "duplicate",
          message: `${externalId} already appears at ${describeRow(first)}; list each account once`,
          reason: { code: "rowDuplicateAccount", params: { value: externalId }, firstIndex: first },
        });
    }

    // References are checked even when other fields are wrong, so one pass shows every problem.
    const parsed = AccountRow.safeParse(input);
    const currency = parsed.success ? parsed.data.acv.currency : fieldOf(input, ["acv", "currency"], currencyCode);
    if (currency !== undefined && !lookups.thresholds[currency]) {
      const known = Object.keys(lookups.thresholds).sort().join(", ");
      rowErrors.push({
        index,
        path: "acv.currency",
        code: "unknown_reference",
        message: `Kizuna has no segment thresholds for ${currency}; an admin can add ${currency} in Settings → Segment thresholds (configured: ${known || "none"})`,
        reason: { code: "rowUnknownCurrency", params: { currency, known: known || "—" } },
      });
    }
    const csmEmail = parsed.success ? parsed.data.csmEmail : fieldOf(input, ["csmEmail"], emailAddress);
    const csmUserId = csmEmail === null || csmEmail === undefined ? csmEmail : lookups.activeStaffIdByEmail(csmEmail);
    if (csmEmail && csmUserId === undefined) {
      rowErrors.push({
        index,
        path: "csmEmail",
        code: "unknown_reference",
        message: `no active Kizuna user has the email ${csmEmail}; add them in Users first, or leave it empty`,
        reason: { code: "rowUnknownCsm", params: { email: csmEmail } },
      });
    }
    if (!parsed.success || rowErrors.length > 0) {
      const schemaErrors = parsed.success ? [] : rowErrorsFromZod(index, parsed.error, ACCOUNT_FIELDS);
      errors.push(...firstErrorPerPath([...rowErrors, ...schemaErrors]).sort((a, b) => fieldOrder(a.path) - fieldOrder(b.path)));
      continue;
    }
    const row = parsed.data;
    const segment = segmentFor({ amount: row.acv.amount, currency: row.acv.currency }, lookups.thresholds);
    writes.push({
      index,
      write: {
        externalId: row.externalId,
        name: row.name,
        domain: row.domain,
        acvAmount: row.acv.amount,
        acvCurrency: row.acv.currency,
        segment,
        startDate: row.startDate,
        renewalDate: row.renewalDate,
        stage: row.stage,
        csmUserId,
        seats: row.seats,
        acvEffectiveDate: row.acvEffectiveDate,
      },
    });
  }
  return { writes, errors };
}

/** Reads a row's key field on its own, so duplicates are caught even in rows with other errors. */
export function keyOf(input: unknown, field: string, schema: z.ZodType<string>): string | undefined {
  return fieldOf(input, [field], schema);
}

/** One field of a row that failed as a whole, if that field on its own is valid. */
export function fieldOf<T>(input: unknown, path: string[], schema: z.ZodType<T>): T | undefined {
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Errors in the order the fields are listed (and CSV columns laid out). */
function fieldOrder(path: string): number {
  const position = ACCOUNT_FIELDS.indexOf(path.split(".")[0] as (typeof ACCOUNT_FIELDS)[number]);
  return position === -1 ? ACCOUNT_FIELDS.length : position;
}

export const ACCOUNT_CSV_COLUMNS: readonly CsvColumn[] = [
  {
    name: "external_id",
    path: "externalId",
    required: true,
    empty: "keep",
    kind: "text",
    aliases: ["account_external_id", "crm_id", "account_id"],
    description: "The account's id in your CRM (up to 100 characters). Rows with an id Kizuna knows update that account.",
    example: "0015g00000XyZ12",
  },
  {
    name: "name",
    path: "name",
    required: true,
    empty: "keep",
    kind: "text",
    aliases: ["account_name", "company", "company_name"],
    description: "Company name.",
    example: "株式会社サンプル",
  },
  {
    name: "domain",
    path: "domain",
    required: false,
    empty: "clear",
    kind: "text",
    aliases: ["website", "web_domain"],
    description: "Web domain; a URL is reduced to its lower-case hostname.",
    example: "sample.co.jp",
  },
  {
    name: "acv_amount",
    path: "acv.amount",
    required: true,
    empty: "keep",
    kind: "integer",
    aliases: ["acv_minor", "acv_minor_units"],
    description: "Annual contract value as a whole number of minor units (cents for USD and EUR; yen for JPY).",
    example: "3600000",
  },
  {
    name: "acv_currency",
    path: "acv.currency",
    required: true,
    empty: "keep",
    kind: "text",
    aliases: ["currency"],
    description: "3-letter ISO currency code with segment thresholds in Settings (JPY, USD, EUR by default).",
    example: "JPY",
  },
  {
    name: "start_date",
    path: "startDate",
    required: false,
    empty: "keep",
    kind: "date",
    aliases: ["customer_since", "contract_start", "start"],
    description: "Customer since, YYYY-MM-DD. Empty: today for a new account, unchanged for an existing one.",
    example: "2023-04-01",
  },
  {
    name: "renewal_date",
    path: "renewalDate",
    required: false,
    empty: "clear",
    kind: "date",
    aliases: ["renewal", "renews_on", "contract_end"],
    description: "Next renewal, YYYY-MM-DD.",
    example: "2026-03-31",
  },
  {
    name: "stage",
    path: "stage",
    required: false,
    empty: "keep",
    kind: "text",
    aliases: ["lifecycle_stage", "lifecycle"],
    description: `One of ${ACCOUNT_STAGES.join(", ")}. Empty: onboarding for a new account, unchanged for an existing one.`,
    example: "adoption",
  },
  {
    name: "csm_email",
    path: "csmEmail",
    required: false,
    empty: "clear",
    kind: "text",
    aliases: ["csm", "owner_email", "account_owner_email"],
    description: "Email of the owning CSM: an active Kizuna user.",
    example: "csm@yourcompany.com",
  },
  {
    name: "seats",
    path: "seats",
    required: false,
    empty: "clear",
    kind: "integer",
    aliases: ["licensed_seats", "licenses", "seat_count"],
    description: "Licensed seats: usage is read as active users against them.",
    example: "25",
  },
  {
    name: "acv_effective_date",
    path: "acvEffectiveDate",
    required: false,
    empty: "keep",
    kind: "date",
    aliases: ["acv_effective", "acv_changed_on"],
    description: "The day an ACV change takes effect, YYYY-MM-DD: the date of the expansion or contraction in the revenue history. Empty: today.",
    example: "2026-04-01",
  },
];
