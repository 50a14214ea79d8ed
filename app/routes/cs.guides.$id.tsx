import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormError } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { GuideEnrolForm, GuideMigrateForm } from "../domain/guide-form";
import { GUIDE_SEGMENTS, GUIDE_STAGES, type DoneWhen } from "../domain/guides";
import { versionQuery } from "../domain/onboarding-metrics";
import { can } from "../domain/permissions";
import { enrolGuideAccounts } from "../services/enrol-guide-accounts.server";
import { guideDetail } from "../services/guide-detail.server";
import { migrateGuideEnrolments } from "../services/migrate-guide-enrolments.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply, requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/**
 * `/cs/guides/:id`: a guide's versions and one version's steps with their rules, each previewed in
 * English and Japanese as the portal renders it. Admins also enrol accounts by hand (nudges off
 * unless chosen) and move accounts from older versions to the current one.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:guide:any");
  const t = await fixedT(user.language, "onboardingConsole");
  const id = requireId(params);
  const version = versionQuery(new URL(request.url).searchParams);
  if (version === null) throw new Response(t("guide.noVersion"), { status: 400 });
  const detail = guideDetail({ user }, id, version);
  if (!detail) throw new Response(t("guide.notFound"), { status: 404 });
  if (!detail.shown) throw new Response(t("guide.noVersion"), { status: 404 });
  const published = new URL(request.url).searchParams.get("published");
  return {
    ...detail,
    published: published === "created" || published === "updated" || published === "unchanged" ? published : null,
    canWrite: can(user.role, "write:guide:any"),
    title: t("guide.title", { name: user.language === "ja" ? detail.guide.nameJa : detail.guide.nameEn }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:guide:any");
  const id = requireId(params);
  const formData = await request.formData();
  const actor = { user, ip: clientIp(request) };
  if (formData.get("intent") === "migrate") {
    const submission = parseWithZod(formData, { schema: GuideMigrateForm });
    if (submission.status !== "success") return data({ form: "migrate" as const, result: submission.reply(), done: null }, { status: 400 });
    try {
      const report = migrateGuideEnrolments(actor, id, submission.value.account);
      return { form: "migrate" as const, result: submission.reply({ resetForm: true }), done: { migrated: report } };
    } catch (error) {
      const { result, status } = refusalReply(submission, error, { language: user.language });
      return data({ form: "migrate" as const, result, done: null }, { status });
    }
  }
  const submission = parseWithZod(formData, { schema: GuideEnrolForm });
  if (submission.status !== "success") return data({ form: "enrol" as const, result: submission.reply(), done: null }, { status: 400 });
  try {
    const enrolled = enrolGuideAccounts(actor, id, submission.value);
    return { form: "enrol" as const, result: submission.reply({ resetForm: true }), done: { enrolled: enrolled.enrolled } };
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ form: "enrol" as const, result, done: null }, { status });
  }
}

function RuleText({ rule }: { rule: DoneWhen }) {
  const { t } = useTranslation("onboardingConsole");
  if ("manual" in rule) return <>{t("rule.manual")}</>;
  if ("community" in rule) return <>{t(`rule.community.${rule.community}`)}</>;
  return (
    <>
      {t("rule.event", { event: rule.event, count: rule.count ?? 1 })}
      {rule.withinDays !== undefined ? ` ${t("rule.within", { count: rule.withinDays })}` : ""}
      {rule.where
        ? ` ${t("rule.where", {
            where: Object.entries(rule.where)
              .map(([name, value]) => `${name}=${value}`)
              .join(", "),
          })}`
        : ""}
    </>
  );
}

export default function GuidePage() {
  const { guide, versions, shown, steps, canWrite, published } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation("onboardingConsole");
  const { t: tc } = useTranslation("console");
  const format = useFormat();
  const enrolReply = reply?.form === "enrol" ? reply : undefined;
  const migrateReply = reply?.form === "migrate" ? reply : undefined;
  const [enrolForm, enrolFields] = useForm({
    id: "guide-enrol",
    lastResult: enrolReply?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GuideEnrolForm }),
  });
  const [migrateForm, migrateFields] = useForm({
    id: "guide-migrate",
    lastResult: migrateReply?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GuideMigrateForm }),
  });
  const name = i18n.language === "ja" ? guide.nameJa : guide.nameEn;
  const current = versions.find((version) => version.id === guide.currentVersionId);
  const older = versions.filter((version) => version.id !== guide.currentVersionId).reduce((sum, version) => sum + version.enrolled, 0);
  const enrolled = enrolReply?.done && "enrolled" in enrolReply.done ? enrolReply.done.enrolled : null;
  const migrated = migrateReply?.done && "migrated" in migrateReply.done ? migrateReply.done.migrated : null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{name}</h1>
          <p className="muted">
            <code>{guide.key}</code> · {t(`guides.statusLabel.${guide.status}`)} ·{" "}
            {t("guide.delays", { nudge: guide.nudgeAfterDays, stall: guide.stallAfterDays })}
            {guide.targetDays !== null ? ` · ${t("guide.target", { count: guide.targetDays })}` : ""}
          </p>
        </div>
        <div className="page-actions">
          <Link className="button secondary" to={`/cs/onboarding?guide=${guide.id}`}>
            {t("guide.overview")}
          </Link>
          {canWrite ? (
            <Link className="button" to={`/cs/guides/${guide.id}/edit`}>
              {t("guide.edit")}
            </Link>
          ) : null}
        </div>
      </div>

      {published ? (
        <div className="notice success" role="status">
          {t(`guide.published.${published}`)}
        </div>
      ) : null}
      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading">{t("guide.versionsHeading")}</h2>
        <ul className="inline-list">
          {versions.map((version) => (
            <li key={version.id}>
              {version.id === shown.id ? (
                <strong aria-current="page">{t("guides.versionN", { n: version.version })}</strong>
              ) : (
                <Link to={`?version=${version.version}`}>{t("guides.versionN", { n: version.version })}</Link>
              )}{" "}
              <span className="muted small">
                {t("guide.versionMeta", { when: format.date(new Date(version.publishedAt)), steps: version.stepCount, count: version.enrolled })}
                {version.id === guide.currentVersionId ? ` · ${t("guide.current")}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t("guide.stepsHeading", { n: shown.version })}</h2>
        <ol className="stack">
          {steps.map((step) => (
            <li key={step.key} data-step={step.key}>
              <h3>
                {i18n.language === "ja" ? step.title.ja : step.title.en} <code className="small">{step.key}</code>
                {step.firstValue ? <span className="badge">{t("guide.firstValue")}</span> : null}
              </h3>
              <p className="muted small">
                {t(`guide.scope.${step.scope}`)} · <RuleText rule={step.doneWhen} />
              </p>
              <div className="guide-preview">
                {(["en", "ja"] as const).map((language) => (
                  <article key={language} lang={language} aria-label={t(`guide.preview.${language}`)}>
                    <p className="muted small">{t(`guide.preview.${language}`)}</p>
                    <h4>{step.title[language]}</h4>
                    {/* Sanitised by renderMarkdown (the community's renderer), as on the portal. */}
                    <div className="markdown" dangerouslySetInnerHTML={{ __html: step.html[language] }} />
                    {step.video ? (
                      <p className="small">
                        <a href={step.video} rel="noopener noreferrer" target="_blank">
                          {t("guide.video")}
                        </a>
                      </p>
                    ) : null}
                  </article>
                ))}
              </div>
            </li>
          ))}
        </ol>
      </section>

      {canWrite ? (
        <>
          <Form method="post" {...getFormProps(enrolForm)} className="card stack" aria-labelledby="enrol-heading">
            <h2 id="enrol-heading">{t("enrol.heading")}</h2>
            <p className="hint muted">{t("enrol.hint", { version: current?.version ?? "—" })}</p>
            {enrolled !== null ? (
              <div className="notice success" role="status">
                {t("enrol.done", { count: enrolled })}
              </div>
            ) : null}
            <FormError errors={enrolForm.errors} id={enrolForm.errorId} />
            <fieldset>
              <legend>{t("guides.segments")}</legend>
              {getCollectionProps(enrolFields.segments, { type: "checkbox", options: [...GUIDE_SEGMENTS] }).map((props) => (
                <label key={props.key} className="inline-check">
                  <input {...props} key={props.key} /> {tc(`shared.segment.${props.value}`)}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t("guides.stages")}</legend>
              {getCollectionProps(enrolFields.stages, { type: "checkbox", options: [...GUIDE_STAGES] }).map((props) => (
                <label key={props.key} className="inline-check">
                  <input {...props} key={props.key} /> {tc(`terms.stage.${props.value}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={enrolFields.startMonth.id}>{t("enrol.startMonth")}</label>
              <input {...getInputProps(enrolFields.startMonth, { type: "month" })} />
              <FieldError errors={enrolFields.startMonth.errors} id={enrolFields.startMonth.errorId} />
            </div>
            <div className="field">
              <label htmlFor={enrolFields.externalIds.id}>{t("enrol.externalIds")}</label>
              <textarea {...getTextareaProps(enrolFields.externalIds)} rows={3} />
              <p className="hint muted">{t("enrol.externalIdsHint")}</p>
              <FieldError errors={enrolFields.externalIds.errors} id={enrolFields.externalIds.errorId} />
            </div>
            <label className="inline-check">
              <input {...getInputProps(enrolFields.nudges, { type: "checkbox" })} /> {t("enrol.nudges")}
            </label>
            <p className="flush">
              <button type="submit" disabled={busy}>
                {t("enrol.button")}
              </button>
            </p>
          </Form>

          <Form method="post" {...getFormProps(migrateForm)} className="card stack" aria-labelledby="migrate-heading">
            <input type="hidden" name="intent" value="migrate" />
            <h2 id="migrate-heading">{t("migrate.heading")}</h2>
            <p className="hint muted">{t("migrate.hint", { count: older, version: current?.version ?? "—" })}</p>
            {migrated ? (
              <div className="notice success" role="status">
                {t("migrate.done", { count: migrated.moved, carried: migrated.carried })}
                {migrated.dropped.length > 0 ? (
                  <> {t("migrate.dropped", { keys: migrated.dropped.map((entry) => `${entry.key} (${entry.accounts})`).join(", ") })}</>
                ) : (
                  <> {t("migrate.noneDropped")}</>
                )}
              </div>
            ) : null}
            <FormError errors={migrateForm.errors} id={migrateForm.errorId} />
            <div className="field">
              <label htmlFor={migrateFields.account.id}>{t("migrate.account")}</label>
              <input {...getInputProps(migrateFields.account, { type: "text" })} />
              <p className="hint muted">{t("migrate.accountHint")}</p>
              <FieldError errors={migrateFields.account.errors} id={migrateFields.account.errorId} />
            </div>
            <p className="flush">
              <button type="submit" disabled={busy}>
                {t("migrate.button")}
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("onboardingConsole");
  return <ConsoleError back={{ to: "/cs/guides", label: t("guides.heading") }} />;
}
