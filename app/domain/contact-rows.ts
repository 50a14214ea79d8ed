import { z } from "zod";
import { keyOf, MAX_EXTERNAL_ID, type Resolved } from "./account-rows";
import type { CsvColumn } from "./csv-rows";
import { clearableText, emailAddress, firstErrorPerPath, requiredText, rowErrorsFromZod, type DescribeRow, type RowError } from "./rows";
import { runSteps, type Steps } from "./steps";

export const CONTACT_LOCALES = ["en", "ja"] as const;
export type ContactLocale = (typeof CONTACT_LOCALES)[number];

/** "ja", "JA", "ja-JP" and "ja_JP" all mean Japanese. */
const locale = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase().split(/[-_]/)[0] : value),
  z.enum(CONTACT_LOCALES, "use en or ja"),
);

/**
 * One customer contact, through the JSON API or a CSV line. The email is the key. The account
 * must already exist in Kizuna (import accounts first). Absent optional fields keep what Kizuna
 * has; `null` clears name and title. Unsubscribing is never changed by an import.
 */
export const ContactRow = z.strictObject({
  email: emailAddress,
  name: clearableText(200),
  locale: locale.optional(),
  title: clearableText(200),
  accountExternalId: requiredText(MAX_EXTERNAL_ID, "the external id of the contact's account"),
  productUserId: clearableText(200),
});

export type ContactRow = z.infer<typeof ContactRow>;

export const CONTACT_FIELDS = ["email", "name", "locale", "title", "accountExternalId", "productUserId"] as const;

const accountKey = requiredText(MAX_EXTERNAL_ID, "the external id of the contact's account");

function fieldOrder(path: string): number {
  const position = CONTACT_FIELDS.indexOf(path.split(".")[0] as (typeof CONTACT_FIELDS)[number]);
  return position === -1 ? CONTACT_FIELDS.length : position;
}

export type ContactWrite = {
  email: string;
  name?: string | null;
  locale?: ContactLocale;
  title?: string | null;
  accountId: number;
  productUserId?: string | null;
};

export type ContactLookups = {
  accountIdByExternalId: (externalId: string) => number | undefined;
  /** The email of the contact that has this product user id, if any. */
  emailByProductUserId: (productUserId: string) => string | undefined;
  /** True for the address of a person erased at their request: such a row is refused, never written. */
  isDoNotContact?: (email: string) => boolean;
};

export function resolveContactRows(inputs: readonly unknown[], lookups: ContactLookups, describeRow: DescribeRow): Resolved<ContactWrite> {
  return runSteps(resolveContactRowSteps(inputs, lookups, describeRow));
}

/** `resolveContactRows`, pausing after each row (see domain/steps.ts). */
export function* resolveContactRowSteps(inputs: readonly unknown[], lookups: ContactLookups, describeRow: DescribeRow): Steps<Resolved<ContactWrite>> {
  const writes: Resolved<ContactWrite>["writes"] = [];
  const errors: RowError[] = [];
  const firstIndexOf = new Map<string, number>();
  const firstIndexOfUserId = new Map<string, number>();

  for (const [index, input] of inputs.entries()) {
    yield;
    const rowErrors: RowError[] = [];
    const email = keyOf(input, "email", emailAddress);
    if (email !== undefined) {
      const first = firstIndexOf.get(email);
      if (first === undefined) firstIndexOf.set(email, index);
      else
        rowErrors.push({
          index,
          path: "email",
          code: "duplicate",
          message: `${email} already appears at ${describeRow(first)}; list each contact once`,
          reason: { code: "rowDuplicateContact", params: { value: email }, firstIndex: first },
        });
    }
    if (email !== undefined && lookups.isDoNotContact?.(email)) {
      rowErrors.push({
        index,
        path: "email",
        code: "do_not_contact",
        message: `${email} belongs to a person whose data was erased at their request; they cannot be added again`,
        reason: { code: "rowDoNotContact", params: { value: email } },
      });
    }

    // The account is looked up even when other fields are wrong, so one pass shows every problem.
    const parsed = ContactRow.safeParse(input);
    const accountExternalId = parsed.success ? parsed.data.accountExternalId : keyOf(input, "accountExternalId", accountKey);
    const accountId = accountExternalId === undefined ? undefined : lookups.accountIdByExternalId(accountExternalId);
    if (accountExternalId !== undefined && accountId === undefined) {
      rowErrors.push({
        index,
        path: "accountExternalId",
        code: "unknown_reference",
        message: `no account has the external id ${accountExternalId}; import or create the account first`,
        reason: { code: "rowUnknownAccount", params: { externalId: accountExternalId } },
      });
    }
    const productUserId = parsed.success ? parsed.data.productUserId : undefined;
    if (productUserId) {
      const first = firstIndexOfUserId.get(productUserId);
      const owner = lookups.emailByProductUserId(productUserId);
      if (first !== undefined)
        rowErrors.push({
          index,
          path: "productUserId",
          code: "duplicate",
          message: `${productUserId} already appears at ${describeRow(first)}; each person has their own product user id`,
          reason: { code: "rowDuplicateProductUserId", params: { value: productUserId }, firstIndex: first },
        });
      else if (owner !== undefined && owner !== parsed.data?.email)
        rowErrors.push({
          index,
          path: "productUserId",
          code: "duplicate",
          message: `${productUserId} belongs to another contact (${owner}); each person has their own product user id`,
          reason: { code: "rowProductUserIdTaken", params: { value: productUserId, email: owner } },
        });
      else firstIndexOfUserId.set(productUserId, index);
    }
    if (!parsed.success || rowErrors.length > 0 || accountId === undefined) {
      const schemaErrors = parsed.success ? [] : rowErrorsFromZod(index, parsed.error, CONTACT_FIELDS);
      errors.push(...firstErrorPerPath([...rowErrors, ...schemaErrors]).sort((a, b) => fieldOrder(a.path) - fieldOrder(b.path)));
      continue;
    }
    const row = parsed.data;
    writes.push({ index, write: { email: row.email, name: row.name, locale: row.locale, title: row.title, accountId, productUserId: row.productUserId } });
  }
  return { writes, errors };
}

export const CONTACT_CSV_COLUMNS: readonly CsvColumn[] = [
  {
    name: "email",
    path: "email",
    required: true,
    empty: "keep",
    kind: "text",
    aliases: ["email_address", "e_mail", "mail"],
    description: "The contact's email; rows with an email Kizuna knows update that contact.",
    example: "hanako.sato@sample.co.jp",
  },
  {
    name: "name",
    path: "name",
    required: false,
    empty: "clear",
    kind: "text",
    aliases: ["full_name", "contact_name"],
    description: "Full name as the contact writes it.",
    example: "佐藤 花子",
  },
  {
    name: "locale",
    path: "locale",
    required: false,
    empty: "keep",
    kind: "text",
    aliases: ["language", "lang"],
    description: "en or ja: the language of surveys and pages. Empty: en for a new contact, unchanged for an existing one.",
    example: "ja",
  },
  {
    name: "title",
    path: "title",
    required: false,
    empty: "clear",
    kind: "text",
    aliases: ["job_title", "role", "position"],
    description: "Role or job title.",
    example: "情報システム部 部長",
  },
  {
    name: "account_external_id",
    path: "accountExternalId",
    required: true,
    empty: "keep",
    kind: "text",
    aliases: ["account_id", "account", "external_id"],
    description: "External id of the contact's account, which must already be in Kizuna.",
    example: "0015g00000XyZ12",
  },
  {
    name: "product_user_id",
    path: "productUserId",
    required: false,
    empty: "clear",
    kind: "text",
    aliases: ["user_id", "app_user_id"],
    description: "The person's user id in your product, so usage events can name them by it; unique.",
    example: "usr_8f3k2",
  },
];

/** A contact as staff emails, Slack and the digest name them: "Name <email>", or the email alone. */
export function contactLabel(name: string | null, email: string): string {
  return name ? `${name} <${email}>` : email;
}
