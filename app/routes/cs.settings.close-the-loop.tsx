import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { countsJapanHolidays } from "../domain/japan-holidays";
import { CloseTheLoopForm, majorText } from "../domain/settings-forms";
import { getSetting } from "../models/settings.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { fixedT } from "../utils/i18n.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];
// "Closing the loop · Settings · Kizuna console" }];

type SectionResult = SettingsResult | undefined;

/** Every zone the runtime knows, UTC first, and the saved one even if the runtime dropped it. */
function timeZoneChoices(saved: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  return ["UTC", ...(zones.includes(saved) || saved === "UTC" ? [] : [saved]), ...zones];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  const title = t("settings.sectionTitle", { section: t("settings.sections.closeTheLoop") });
  const loop = getSetting("closeTheLoop");
  return {
    title,
    closeTheLoop: {
      slaBusinessDays: String(loop.slaBusinessDays),
      timeZone: loop.timeZone,
      holidays: loop.holidays.join("\n"),
      japanHolidays: countsJapanHolidays(loop) ? ("on" as const) : undefined,
      tech: Object.entries(loop.techTouchCaseThresholds)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount: majorText(amount, currency) })),
    },
    timeZones: timeZoneChoices(loop.timeZone),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  return handleSettingsForm(user, await request.formData(), clientIp(request), "close-the-loop");
}

export default function CloseTheLoopSettings() {
  const { closeTheLoop, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <CloseTheLoopSection key={JSON.stringify(closeTheLoop)} values={closeTheLoop} timeZones={timeZones} actionData={actionData} />;
}

type CloseTheLoopValues = {
  slaBusinessDays: string;
  timeZone: string;
  holidays: string;
  japanHolidays?: "on";
  tech: { currency: string; amount: string }[];
};

function CloseTheLoopSection({ values, timeZones, actionData }: { values: CloseTheLoopValues; timeZones: string[]; actionData: SectionResult }) {
  const busy = usePendingIntent() === "close-the-loop";
  const [form, fields] = useForm({
    id: "close-the-loop",
    lastResult: actionData?.result,
    defaultValue: { ...values, tech: [...values.tech, { currency: "", amount: "" }] },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CloseTheLoopForm }),
  });
  const tech = fields.tech.getFieldList();
  const { t } = useTranslation("admin");
  return (
    <section className="card settings-section" aria-labelledby="loop-heading">
      <h2 id="loop-heading">{t("settings.closeTheLoop.heading")}</h2>
      <p className="muted">{t("settings.closeTheLoop.help")}</p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="close-the-loop" />
        <div className="form-row top">
          <div className="field">
            <label htmlFor={fields.slaBusinessDays.id}>{t("settings.closeTheLoop.sla")}</label>
            <p className="hint" id={`${fields.slaBusinessDays.id}-hint`}>
              {t("settings.closeTheLoop.slaHint")}
            </p>
            <input {...getInputProps(fields.slaBusinessDays, { type: "text" })} inputMode="numeric" size={6} autoComplete="off" />
            <FieldError errors={fields.slaBusinessDays.errors} id={fields.slaBusinessDays.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.timeZone.id}>{t("settings.closeTheLoop.timeZone")}</label>
            <p className="hint" id={`${fields.timeZone.id}-hint`}>
              {t("settings.closeTheLoop.timeZoneHint")}
            </p>
            <select {...getSelectProps(fields.timeZone)}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            <FieldError errors={fields.timeZone.errors} id={fields.timeZone.errorId} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={fields.holidays.id}>{t("settings.closeTheLoop.holidays")}</label>
          <p className="hint" id={`${fields.holidays.id}-hint`}>
            {t("settings.closeTheLoop.holidaysHint")}
          </p>
          <textarea {...getTextareaProps(fields.holidays)} rows={6} className="holiday-list" spellCheck={false} />
          <FieldError errors={fields.holidays.errors} id={fields.holidays.errorId} />
        </div>
        <JapanHolidaysField field={fields.japanHolidays} />
        <h3 className="settings-subheading">{t("settings.closeTheLoop.techHeading")}</h3>
        <div className="table-wrap flat">
          <table className="thresholds">
            <caption className="visually-hidden">{t("settings.closeTheLoop.techCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("settings.currencyCode")}</th>
                <th scope="col">{t("settings.closeTheLoop.techAmount")}</th>
                <th scope="col">{t("settings.remove")}</th>
              </tr>
            </thead>
            <tbody>
              {tech.map((row, index) => (
                <TechThresholdRow key={row.key} row={row} isNew={index >= values.tech.length} />
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint muted">{t("settings.closeTheLoop.techHint")}</p>
        <button type="submit" disabled={busy}>
          {busy ? t("settings.saving") : t("settings.closeTheLoop.save")}
        </button>
      </Form>
    </section>
  );
}

/** Japan's public holidays as days off, beside the list above (on by default on Tokyo time). */
function JapanHolidaysField({ field }: { field: FieldMetadata<"on" | undefined> }) {
  const { t } = useTranslation("admin");
  return (
    <div className="field">
      <label className="inline-check">
        <input {...getInputProps(field, { type: "checkbox" })} aria-describedby={`${field.id}-hint`} /> {t("holidays.japan.label")}
      </label>
      <p className="hint" id={`${field.id}-hint`}>
        {t("holidays.japan.hint")}
      </p>
    </div>
  );
}

function TechThresholdRow({ row, isNew }: { row: FieldMetadata<{ currency?: string; amount?: string; remove?: "on" }>; isNew: boolean }) {
  const { currency, amount, remove } = row.getFieldset();
  const code = (currency.initialValue ?? "").toUpperCase();
  const { t } = useTranslation("admin");
  return (
    <tr>
      <td>
        <label htmlFor={currency.id} className="visually-hidden">
          {isNew ? t("settings.newCurrency") : t("settings.currencyLabel", { code })}
        </label>
        <input {...getInputProps(currency, { type: "text" })} placeholder={isNew ? t("settings.currencyPlaceholder") : undefined} autoComplete="off" />
        <FieldError errors={currency.errors} id={currency.errorId} />
      </td>
      <td>
        <label htmlFor={amount.id} className="visually-hidden">
          {code ? t("settings.closeTheLoop.techInCode", { code }) : t("settings.closeTheLoop.techIn")}
        </label>
        <input {...getInputProps(amount, { type: "text" })} inputMode="decimal" autoComplete="off" />
        <FieldError errors={amount.errors} id={amount.errorId} />
      </td>
      <td>
        {isNew ? null : (
          <label className="inline-check">
            <input {...getInputProps(remove, { type: "checkbox" })} /> <span className="visually-hidden">{t("settings.removeCurrency", { code })}</span>
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
