import { getFormProps, getInputProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { SegmentThresholdsForm, majorText } from "../domain/settings-forms";
import { countAccountsByCurrency } from "../models/account.server";
import { getSetting } from "../models/settings.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { fixedT } from "../utils/i18n.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];
// "Segments · Settings · Kizuna console" }];

type SectionResult = SettingsResult | undefined;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  const title = t("settings.sectionTitle", { section: t("settings.sections.segments") });
  return {
    title,
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
  const { t } = useTranslation("admin");
  const format = useFormat();
  return (
    <>
      {/* The layout holds the page's one h1 ("Settings"). */}
      <p className="muted">{t("settings.segments.intro")}</p>
      <section className="card" aria-labelledby="segments-heading">
        <h2 id="segments-heading">{t("settings.segments.heading")}</h2>
        <p className="muted">{t("settings.segments.help")}</p>
        {actionData?.saved ? (
          <div className="notice success" role="status">
            {t("settings.segments.saved")}{" "}
            {actionData.saved.changed === 0
              ? t("settings.segments.noneChanged")
              : t("settings.segments.changed", { count: actionData.saved.changed, n: format.number(actionData.saved.changed) })}
          </div>
        ) : null}
        <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="segments" />
          <div className="table-wrap flat">
            <table className="thresholds">
              <caption className="visually-hidden">{t("settings.segments.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("settings.currencyCode")}</th>
                  <th scope="col">{t("settings.segments.high")}</th>
                  <th scope="col">{t("settings.segments.low")}</th>
                  <th scope="col" className="num">
                    {t("settings.segments.accounts")}
                  </th>
                  <th scope="col">{t("settings.remove")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((row, index) => (
                  <ThresholdRow key={row.key} row={row} isNew={index >= rows.length} accounts={accountsByCurrency} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint muted">{t("settings.segments.addHint")}</p>
          <button type="submit" disabled={busy}>
            {busy ? t("settings.saving") : t("settings.segments.save")}
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
  const { t } = useTranslation("admin");
  const format = useFormat();
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
      {cell(currency, isNew ? t("settings.newCurrency") : t("settings.currencyLabel", { code }), isNew ? t("settings.currencyPlaceholder") : undefined)}
      {cell(high, code ? t("settings.segments.highInCode", { code }) : t("settings.segments.highIn"))}
      {cell(low, code ? t("settings.segments.lowInCode", { code }) : t("settings.segments.lowIn"))}
      <td className="num">{isNew ? "" : format.number(used)}</td>
      <td>
        {isNew ? null : (
          <label className="inline-check">
            <input {...getInputProps(remove, { type: "checkbox" })} disabled={used > 0} />{" "}
            <span className="visually-hidden">{t("settings.removeCurrency", { code })}</span>
            {used > 0 ? <span className="muted small">{t("settings.segments.inUse")}</span> : null}
          </label>
        )}
      </td>
    </tr>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/settings", label: t("settings.back") }} />;
}
