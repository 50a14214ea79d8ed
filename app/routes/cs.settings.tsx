import { getFormProps, getInputProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { minorDigits, parseMajorAmount, type SegmentThresholds } from "../domain/segments";
import { countAccountsByCurrency } from "../models/account.server";
import { getSetting } from "../models/settings.server";
import { SettingsError, updateSegmentThresholds } from "../services/update-segment-thresholds.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Settings · Kizuna console" }];

function isIsoCurrency(code: string): boolean {
  return Intl.supportedValuesOf("currency").includes(code);
}

function amountHint(currency: string) {
  return minorDigits(currency) === 0 ? "a whole amount such as 3,000,000" : "an amount such as 25,000 or 25,000.50";
}

/** Thresholds are typed in major units (what people say: "¥3,000,000") and stored in minor units. */
const SettingsForm = z
  .object({
    rows: z
      .array(
        z.object({
          currency: z.string().trim().toUpperCase().optional(),
          high: z.string().trim().max(30).optional(),
          low: z.string().trim().max(30).optional(),
          remove: z.literal("on").optional(),
        }),
      )
      .max(50, "Use at most 50 currencies.")
      .default([]),
  })
  .transform(({ rows }, ctx) => {
    const thresholds: SegmentThresholds = {};
    rows.forEach((row, index) => {
      if (row.remove || (!row.currency && !row.high && !row.low)) return;
      const path = (field: string) => ["rows", index, field];
      const currency = row.currency ?? "";
      if (!/^[A-Z]{3}$/.test(currency) || !isIsoCurrency(currency)) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: "Use a 3-letter ISO currency code such as GBP." });
        return;
      }
      if (thresholds[currency]) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: `${currency} is listed twice; keep one row per currency.` });
        return;
      }
      const high = row.high ? parseMajorAmount(row.high, currency) : null;
      const low = row.low ? parseMajorAmount(row.low, currency) : null;
      if (high === null) ctx.addIssue({ code: "custom", path: path("high"), message: `Enter ${amountHint(currency)}.` });
      if (low === null) ctx.addIssue({ code: "custom", path: path("low"), message: `Enter ${amountHint(currency)}.` });
      if (high !== null && low !== null && high <= low) {
        ctx.addIssue({ code: "custom", path: path("high"), message: "Must be above the low-touch threshold." });
      }
      if (high !== null && low !== null) thresholds[currency] = { high, low };
    });
    return thresholds;
  });

/** Minor units back to what an admin typed: 2500000 USD cents → "25,000". */
function majorText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat("en", { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(amount / 10 ** digits);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  const thresholds = getSetting("segmentThresholds");
  return {
    rows: Object.entries(thresholds)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, { high, low }]) => ({ currency, high: majorText(high, currency), low: majorText(low, currency) })),
    accountsByCurrency: countAccountsByCurrency(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const submission = parseWithZod(await request.formData(), { schema: SettingsForm });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: null }, { status: 400 });
  try {
    const saved = updateSegmentThresholds(user, submission.value, clientIp(request));
    return { result: submission.reply({ resetForm: true }), saved };
  } catch (error) {
    if (error instanceof SettingsError) return data({ result: submission.reply({ formErrors: [error.message] }), saved: null }, { status: error.status });
    throw error;
  }
}

export default function Settings() {
  const { rows, accountsByCurrency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A fresh form after each save, so the saved values (and a new blank row) show.
  return <ThresholdsForm key={JSON.stringify(rows)} rows={rows} accountsByCurrency={accountsByCurrency} actionData={actionData} />;
}

type Row = { currency: string; high: string; low: string };

function ThresholdsForm({
  rows,
  accountsByCurrency,
  actionData,
}: {
  rows: Row[];
  accountsByCurrency: Record<string, number>;
  actionData: ReturnType<typeof useActionData<typeof action>>;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { rows: [...rows, { currency: "", high: "", low: "" }] },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsForm }),
  });
  const list = fields.rows.getFieldList();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p>Rules that shape how Kizuna treats each account.</p>
        </div>
      </div>
      <section className="card" aria-labelledby="segments-heading">
        <h2 id="segments-heading">Segment thresholds</h2>
        <p className="muted">
          Accounts fall into a touch model by annual contract value: at or above the high-touch amount a CSM owns the account; at or above the low-touch amount it gets
          standardized plays; below that it is tech touch (automated only). Amounts are per currency, in whole units. Saving re-derives every account’s segment.
        </p>
        {actionData?.saved ? (
          <div className="notice success" role="status">
            Saved. {actionData.saved.changed === 0 ? "No account changed segment." : `${actionData.saved.changed.toLocaleString("en")} account${actionData.saved.changed === 1 ? "" : "s"} changed segment.`}
          </div>
        ) : null}
        {form.errors?.length ? (
          <div className="notice error" role="alert" id={form.errorId}>
            {form.errors.join(" ")}
          </div>
        ) : null}
        <Form method="post" {...getFormProps(form)}>
          <div className="table-wrap flat">
            <table className="thresholds">
              <caption className="visually-hidden">ACV thresholds per currency</caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col">High touch from</th>
                  <th scope="col">Low touch from</th>
                  <th scope="col" className="num">
                    Accounts
                  </th>
                  <th scope="col">Remove</th>
                </tr>
              </thead>
              <tbody>
                {list.map((row, index) => (
                  <ThresholdRow key={row.key} row={row} isNew={index >= rows.length} accounts={accountsByCurrency} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint muted">To add a currency, fill in the empty last row. A currency your accounts use cannot be removed.</p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Saving…" : "Save and recompute segments"}
          </button>
        </Form>
      </section>
    </>
  );
}

function ThresholdRow({ row, isNew, accounts }: { row: FieldMetadata<{ currency?: string; high?: string; low?: string; remove?: "on" }>; isNew: boolean; accounts: Record<string, number> }) {
  const { currency, high, low, remove } = row.getFieldset();
  const code = (currency.initialValue ?? "").toUpperCase();
  const used = accounts[code] ?? 0;
  const cell = (field: typeof high, label: string, placeholder?: string) => (
    <td>
      <label htmlFor={field.id} className="visually-hidden">
        {label}
      </label>
      <input {...getInputProps(field, { type: "text" })} inputMode={field === currency ? undefined : "decimal"} placeholder={placeholder} autoComplete="off" />
      {field.errors ? (
        <p className="field-error" id={field.errorId}>
          {field.errors[0]}
        </p>
      ) : null}
    </td>
  );
  return (
    <tr>
      {cell(currency, isNew ? "New currency code" : `Currency ${code}`, isNew ? "e.g. GBP" : undefined)}
      {cell(high, `High-touch threshold${code ? ` in ${code}` : ""}`)}
      {cell(low, `Low-touch threshold${code ? ` in ${code}` : ""}`)}
      <td className="num">{isNew ? "" : used.toLocaleString("en")}</td>
      <td>
        {isNew ? null : (
          <label className="inline-check">
            <input {...getInputProps(remove, { type: "checkbox" })} disabled={used > 0} /> <span className="visually-hidden">Remove {code}</span>
            {used > 0 ? <span className="muted small">in use</span> : null}
          </label>
        )}
      </td>
    </tr>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs", label: "Back to the overview" }} />;
}
