import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormError } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { GuideImportForm, OnboardingSettingsForm } from "../domain/guide-form";
import { can } from "../domain/permissions";
import { getSetting } from "../models/settings.server";
import { listGuidesWithCounts } from "../models/onboarding-console.server";
import { importGuidesJson } from "../services/import-guides-json.server";
import { updateOnboardingSettings } from "../services/onboarding-settings.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/**
 * `/cs/guides`: every onboarding guide with its version, assignment and how many accounts are
 * enrolled, activated and stalled. Everyone who reads guides sees the list; admins also import JSON
 * (the body of `PUT /api/v1/guides`, through the same service) and set the enrolment window and the
 * usage events' retention.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:guide:any");
  const t = await fixedT(user.language, "onboardingConsole");
  return {
    guides: listGuidesWithCounts(),
    canWrite: can(user.role, "write:guide:any"),
    canSettings: can(user.role, "manage:settings:any"),
    settings: { enrolWithinDays: getSetting("guides").enrolWithinDays, retentionDays: getSetting("usage").retentionDays },
    title: t("guides.title"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:guide:any");
  const formData = await request.formData();
  const actor = { user, ip: clientIp(request) };
  if (formData.get("intent") === "settings") {
    await requireStaff(request, "manage:settings:any");
    const submission = parseWithZod(formData, { schema: OnboardingSettingsForm });
    if (submission.status !== "success") return data({ form: "settings" as const, result: submission.reply(), done: null }, { status: 400 });
    try {
      updateOnboardingSettings(actor, submission.value);
    } catch (error) {
      const { result, status } = refusalReply(submission, error, { language: user.language });
      return data({ form: "settings" as const, result, done: null }, { status });
    }
    return { form: "settings" as const, result: submission.reply(), done: { saved: true } };
  }
  const submission = parseWithZod(formData, { schema: GuideImportForm });
  if (submission.status !== "success") return data({ form: "import" as const, result: submission.reply(), done: null }, { status: 400 });
  try {
    const imported = importGuidesJson(actor, submission.value.json);
    return { form: "import" as const, result: submission.reply({ resetForm: true }), done: imported };
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ form: "import" as const, result, done: null }, { status });
  }
}

export default function GuidesPage() {
  const { guides, canWrite, canSettings, settings } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation("onboardingConsole");
  const { t: tc } = useTranslation("console");
  const format = useFormat();
  const ja = i18n.language === "ja";
  const importReply = reply?.form === "import" ? reply : undefined;
  const settingsReply = reply?.form === "settings" ? reply : undefined;
  const [importForm, importFields] = useForm({
    id: "guide-import",
    lastResult: importReply?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GuideImportForm }),
  });
  const [settingsForm, settingsFields] = useForm({
    id: "onboarding-settings",
    lastResult: settingsReply?.result,
    defaultValue: { enrolWithinDays: String(settings.enrolWithinDays), retentionDays: String(settings.retentionDays) },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OnboardingSettingsForm }),
  });
  const assignment = (list: string[], kind: "segment" | "stage" | "locale") =>
    list.length === 0
      ? t("guides.any")
      : list
          .map((value) => (kind === "segment" ? tc(`shared.segment.${value}`) : kind === "stage" ? tc(`terms.stage.${value}`) : t(`editor.locale.${value}`)))
          .join(", ");
  const imported = importReply?.done && "counts" in importReply.done ? importReply.done : null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("guides.heading")}</h1>
          <p>{t("guides.intro")}</p>
        </div>
        <div className="page-actions">
          <a className="button secondary" href="/cs/guides/export.json" download="guides.json">
            {t("guides.export")}
          </a>
          {canWrite ? (
            <Link className="button" to="/cs/guides/new">
              {t("guides.new")}
            </Link>
          ) : null}
        </div>
      </div>
      {imported ? (
        <div className="notice success" role="status">
          {t("guides.imported", {
            created: imported.counts.created,
            updated: imported.counts.updated,
            unchanged: imported.counts.unchanged,
            enrolled: imported.enrolled,
          })}
        </div>
      ) : null}
      {guides.length === 0 ? (
        <p className="card">{t("guides.empty")}</p>
      ) : (
        <div className="table-wrap card">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("guides.name")}</th>
                <th scope="col">{t("guides.status")}</th>
                <th scope="col" className="num">
                  {t("guides.version")}
                </th>
                <th scope="col">{t("guides.assignment")}</th>
                <th scope="col" className="num">
                  {t("guides.enrolled")}
                </th>
                <th scope="col" className="num">
                  {t("guides.activated")}
                </th>
                <th scope="col" className="num">
                  {t("guides.stalled")}
                </th>
              </tr>
            </thead>
            <tbody>
              {guides.map((guide) => (
                <tr key={guide.id}>
                  <th scope="row">
                    <Link to={`/cs/guides/${guide.id}`}>{ja ? guide.nameJa : guide.nameEn}</Link>
                    <div className="muted small">
                      <code>{guide.key}</code>
                    </div>
                  </th>
                  <td>{t(`guides.statusLabel.${guide.status}`)}</td>
                  <td className="num">{guide.version ?? "—"}</td>
                  <td className="small">
                    {t("guides.segments")}: {assignment(guide.segments, "segment")}
                    <br />
                    {t("guides.stages")}: {assignment(guide.stages, "stage")}
                    <br />
                    {t("guides.locales")}: {assignment(guide.locales, "locale")}
                  </td>
                  <td className="num">{format.number(guide.enrolled)}</td>
                  <td className="num">{format.number(guide.activated)}</td>
                  <td className="num">{format.number(guide.stalled)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canWrite ? (
        <Form method="post" {...getFormProps(importForm)} className="card stack" aria-labelledby="import-heading">
          <h2 id="import-heading">{t("guides.importHeading")}</h2>
          <p className="hint muted" id="import-hint">
            {t("guides.importHint")}
          </p>
          <FormError errors={importForm.errors} id={importForm.errorId} />
          <div className="field">
            <label htmlFor={importFields.json.id}>{t("guides.importLabel")}</label>
            <textarea {...getTextareaProps(importFields.json)} rows={8} className="code" aria-describedby="import-hint" spellCheck={false} />
            <FieldError errors={importFields.json.errors} id={importFields.json.errorId} />
          </div>
          <p className="flush">
            <button type="submit" disabled={busy}>
              {t("guides.importButton")}
            </button>
          </p>
        </Form>
      ) : null}

      {canSettings ? (
        <Form method="post" {...getFormProps(settingsForm)} className="card stack" aria-labelledby="settings-heading">
          <input type="hidden" name="intent" value="settings" />
          <h2 id="settings-heading">{t("settings.heading")}</h2>
          {settingsReply?.done ? (
            <div className="notice success" role="status">
              {t("settings.saved")}
            </div>
          ) : null}
          <FormError errors={settingsForm.errors} id={settingsForm.errorId} />
          <div className="field-row">
            <div className="field">
              <label htmlFor={settingsFields.enrolWithinDays.id}>{t("settings.enrolWithinDays")}</label>
              <input {...getInputProps(settingsFields.enrolWithinDays, { type: "number" })} min={0} max={365} step={1} />
              <p className="hint muted">{t("settings.enrolWithinDaysHint")}</p>
              <FieldError errors={settingsFields.enrolWithinDays.errors} id={settingsFields.enrolWithinDays.errorId} />
            </div>
            <div className="field">
              <label htmlFor={settingsFields.retentionDays.id}>{t("settings.retentionDays")}</label>
              <input {...getInputProps(settingsFields.retentionDays, { type: "number" })} min={30} max={3650} step={1} />
              <p className="hint muted">{t("settings.retentionDaysHint")}</p>
              <FieldError errors={settingsFields.retentionDays.errors} id={settingsFields.retentionDays.errorId} />
            </div>
          </div>
          <p className="flush">
            <button type="submit" disabled={busy}>
              {t("settings.save")}
            </button>
          </p>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("onboardingConsole");
  return <ConsoleError back={{ to: "/cs/guides", label: t("guides.heading") }} />;
}
