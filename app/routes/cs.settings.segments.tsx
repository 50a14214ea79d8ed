import { getFormProps, getInputProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { SegmentThresholdsForm, majorText } from "../domain/settings-forms";
import { countAccountsByCurrency } from "../models/account.server";
import { getSetting } from "../models/settings.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction = () => [{ title: "Segments · Settings · Kizuna console" }];

type SectionResult = SettingsResult | undefined;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  return {
    rows: Object.entries(getSetting("segmentThresholds"))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, { high, low }]) => ({ currency, high: majorText(high, currency), low: majorText(low, currency) })),
    accountsByCurrency: countAccountsByCurrency(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  return handleSettingsForm(user, await request.formData(), clientIp(request), "segments");
}

export default function SegmentSettings() {
  const { rows, accountsByCurrency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A fresh form after each save, so the saved values (and a new blank row) show.
  return <ThresholdsForm key={JSON.stringify(rows)} rows={rows} accountsByCurrency={accountsByCurrency} actionData={actionData} />;
}

type Row = { currency: string; high: string; low: string };

function ThresholdsForm({ rows, accountsByCurrency, actionData }: { rows: Row[]; accountsByCurrency: Record<string, number>; actionData: SectionResult }) {
  const busy = usePendingIntent() === "segments";
  const [form, fields] = useForm({
    id: "segments",
    lastResult: actionData?.result,
    defaultValue: { rows: [...rows, { currency: "", high: "", low: "" }] },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SegmentThresholdsForm }),
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
          Accounts fall into a touch model by annual contract value: at or above the high-touch amount a CSM owns the account; at or above the low-touch amount
          it gets standardized plays; below that it is tech touch (automated only). Amounts are per currency, in whole units. Saving re-derives every account’s
          segment.
        </p>
        {actionData?.saved ? (
          <div className="notice success" role="status">
            Saved.{" "}
            {actionData.saved.changed === 0
              ? "No account changed segment."
              : `${actionData.saved.changed.toLocaleString("en")} account${actionData.saved.changed === 1 ? "" : "s"} changed segment.`}
          </div>
        ) : null}
        <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="segments" />
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
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save and recompute segments"}
          </button>
        </Form>
      </section>
    </>
  );
}

function ThresholdRow({
  row,
  isNew,
  accounts,
}: {
  row: FieldMetadata<{ currency?: string; high?: string; low?: string; remove?: "on" }>;
  isNew: boolean;
  accounts: Record<string, number>;
}) {
  const { currency, high, low, remove } = row.getFieldset();
  const code = (currency.initialValue ?? "").toUpperCase();
  const used = accounts[code] ?? 0;
  const cell = (field: typeof high, label: string, placeholder?: string) => (
    <td>
      <label htmlFor={field.id} className="visually-hidden">
        {label}
      </label>
      <input {...getInputProps(field, { type: "text" })} inputMode={field === currency ? undefined : "decimal"} placeholder={placeholder} autoComplete="off" />
      <FieldError errors={field.errors} id={field.errorId} />
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
  return <ConsoleError back={{ to: "/cs/settings", label: "Back to settings" }} />;
}
