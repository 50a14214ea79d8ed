import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "./settings-form";
import { GuideEditorForm, RULE_KINDS, type editorValuesOf } from "../domain/guide-form";
import { COMMUNITY_MILESTONES, GUIDE_LOCALES, GUIDE_SEGMENTS, GUIDE_STAGES } from "../domain/guides";

export type EditorValues = Omit<ReturnType<typeof editorValuesOf>, "segments" | "stages" | "locales"> & {
  segments: string[];
  stages: string[];
  locales: string[];
};
export type StepPreview = { key: string; title: { en: string; ja: string }; video: string | null; html: { en: string; ja: string } };

export const BLANK_STEP = {
  key: "",
  titleEn: "",
  titleJa: "",
  bodyEn: "",
  bodyJa: "",
  video: "",
  scope: "account" as "user" | "account",
  rule: "event",
  event: "",
  count: "",
  withinDays: "",
  where: "",
  community: "",
};

function TextField({
  field,
  label,
  hint,
  type = "text",
}: {
  field: FieldMetadata<string | number | undefined>;
  label: string;
  hint?: string;
  type?: "text" | "number" | "url";
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input {...getInputProps(field, { type })} aria-describedby={hint ? `${field.id}-hint` : undefined} />
      {hint ? (
        <p className="hint muted" id={`${field.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError errors={field.errors} id={field.errorId} />
    </div>
  );
}

function AreaField({ field, label, lang, rows = 4 }: { field: FieldMetadata<string | undefined>; label: string; lang?: string; rows?: number }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea {...getTextareaProps(field)} rows={rows} lang={lang} />
      <FieldError errors={field.errors} id={field.errorId} />
    </div>
  );
}

/**
 * The guide editor: the guide's names, assignment, target and delays, then its steps in order
 * (each bilingual, with its scope and completion rule). "Preview" renders the steps in both
 * languages without publishing; "Publish" goes through `publishGuides` (a changed step list is a
 * new version). Field errors are worded in the reader's language.
 */
export function GuideEditor({
  defaultValue,
  lastResult,
  isNew,
  preview,
}: {
  defaultValue: EditorValues;
  lastResult: SubmissionResult<string[]> | undefined;
  isNew: boolean;
  preview: StepPreview[] | null;
}) {
  const { t } = useTranslation("onboardingConsole");
  const { t: tc } = useTranslation("console");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "guide-editor",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GuideEditorForm }),
  });
  const steps = fields.steps.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="stack guide-editor">
      <FormError errors={form.errors} id={form.errorId} />
      <section className="card" aria-labelledby="guide-heading">
        <h2 id="guide-heading">{t("editor.guideHeading")}</h2>
        {isNew ? (
          <TextField field={fields.key} label={t("editor.key")} hint={t("editor.keyHint")} />
        ) : (
          <input {...getInputProps(fields.key, { type: "hidden" })} />
        )}
        <div className="field-row">
          <TextField field={fields.nameEn} label={t("editor.nameEn")} />
          <TextField field={fields.nameJa} label={t("editor.nameJa")} />
        </div>
        <div className="field-row">
          <AreaField field={fields.descriptionEn} label={t("editor.descriptionEn")} lang="en" rows={3} />
          <AreaField field={fields.descriptionJa} label={t("editor.descriptionJa")} lang="ja" rows={3} />
        </div>
        <fieldset>
          <legend>{t("guides.segments")}</legend>
          {getCollectionProps(fields.segments, { type: "checkbox", options: [...GUIDE_SEGMENTS] }).map((props) => (
            <label key={props.key} className="inline-check">
              <input {...props} key={props.key} /> {tc(`shared.segment.${props.value}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("guides.stages")}</legend>
          {getCollectionProps(fields.stages, { type: "checkbox", options: [...GUIDE_STAGES] }).map((props) => (
            <label key={props.key} className="inline-check">
              <input {...props} key={props.key} /> {tc(`terms.stage.${props.value}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("guides.locales")}</legend>
          {getCollectionProps(fields.locales, { type: "checkbox", options: [...GUIDE_LOCALES] }).map((props) => (
            <label key={props.key} className="inline-check">
              <input {...props} key={props.key} /> {t(`editor.locale.${props.value}`)}
            </label>
          ))}
        </fieldset>
        <p className="hint muted">{t("editor.assignmentHint")}</p>
        <div className="field-row">
          <TextField field={fields.targetDays} label={t("editor.targetDays")} type="number" hint={t("editor.targetDaysHint")} />
          <TextField field={fields.nudgeAfterDays} label={t("editor.nudgeAfterDays")} type="number" />
          <TextField field={fields.stallAfterDays} label={t("editor.stallAfterDays")} type="number" />
        </div>
      </section>

      <section className="card" aria-labelledby="steps-editor-heading">
        <h2 id="steps-editor-heading">{t("editor.stepsHeading")}</h2>
        <p className="hint muted">{t("editor.stepsHint")}</p>
        <FieldError errors={fields.steps.errors} id={fields.steps.errorId} />
        <FieldError errors={fields.firstValue.errors} id={fields.firstValue.errorId} />
        {steps.map((stepField, index) => {
          const step = stepField.getFieldset();
          return (
            <fieldset key={stepField.key} className="guide-step-editor">
              <legend>{t("editor.stepN", { n: index + 1 })}</legend>
              <div className="field-row">
                <TextField field={step.key} label={t("editor.stepKey")} hint={t("editor.stepKeyHint")} />
                <div className="field">
                  <label htmlFor={step.scope.id}>{t("editor.scope")}</label>
                  <select {...getSelectProps(step.scope)}>
                    <option value="account">{t("guide.scope.account")}</option>
                    <option value="user">{t("guide.scope.user")}</option>
                  </select>
                  <FieldError errors={step.scope.errors} id={step.scope.errorId} />
                </div>
                <label className="inline-check">
                  <input
                    type="radio"
                    name={fields.firstValue.name}
                    value={String(index)}
                    defaultChecked={fields.firstValue.initialValue === String(index)}
                    aria-describedby={fields.firstValue.errors ? fields.firstValue.errorId : undefined}
                  />{" "}
                  {t("guide.firstValue")}
                </label>
              </div>
              <div className="field-row">
                <TextField field={step.titleEn} label={t("editor.titleEn")} />
                <TextField field={step.titleJa} label={t("editor.titleJa")} />
              </div>
              <div className="field-row">
                <AreaField field={step.bodyEn} label={t("editor.bodyEn")} lang="en" />
                <AreaField field={step.bodyJa} label={t("editor.bodyJa")} lang="ja" />
              </div>
              <TextField field={step.video} label={t("editor.video")} hint={t("editor.videoHint")} type="url" />
              <div className="field-row">
                <div className="field">
                  <label htmlFor={step.rule.id}>{t("editor.rule")}</label>
                  <select {...getSelectProps(step.rule)}>
                    {RULE_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {t(`editor.ruleKind.${kind}`)}
                      </option>
                    ))}
                  </select>
                  <FieldError errors={step.rule.errors} id={step.rule.errorId} />
                </div>
                <TextField field={step.event} label={t("editor.event")} />
                <TextField field={step.count} label={t("editor.count")} type="number" />
                <TextField field={step.withinDays} label={t("editor.withinDays")} type="number" />
              </div>
              <div className="field-row">
                <AreaField field={step.where} label={t("editor.where")} rows={2} />
                <div className="field">
                  <label htmlFor={step.community.id}>{t("editor.community")}</label>
                  <select {...getSelectProps(step.community)}>
                    <option value="">—</option>
                    {COMMUNITY_MILESTONES.map((milestone) => (
                      <option key={milestone} value={milestone}>
                        {t(`rule.community.${milestone}`)}
                      </option>
                    ))}
                  </select>
                  <FieldError errors={step.community.errors} id={step.community.errorId} />
                </div>
              </div>
              <p className="flush">
                <button
                  className="secondary"
                  {...form.reorder.getButtonProps({ name: fields.steps.name, from: index, to: Math.max(0, index - 1) })}
                  disabled={index === 0}
                >
                  {t("editor.moveUp")}
                </button>{" "}
                <button className="secondary" {...form.remove.getButtonProps({ name: fields.steps.name, index })} disabled={steps.length === 1}>
                  {t("editor.removeStep")}
                </button>
              </p>
            </fieldset>
          );
        })}
        <p className="flush">
          <button className="secondary" {...form.insert.getButtonProps({ name: fields.steps.name, defaultValue: BLANK_STEP })}>
            {t("editor.addStep")}
          </button>
        </p>
      </section>

      {preview ? (
        <section className="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t("editor.previewHeading")}</h2>
          <ol className="stack">
            {preview.map((step) => (
              <li key={step.key}>
                <div className="guide-preview">
                  {(["en", "ja"] as const).map((language) => (
                    <article key={language} lang={language} aria-label={t(`guide.preview.${language}`)}>
                      <p className="muted small">{t(`guide.preview.${language}`)}</p>
                      <h3>{step.title[language]}</h3>
                      {/* Sanitised by renderMarkdown (the community's renderer), as on the portal. */}
                      <div className="markdown" dangerouslySetInnerHTML={{ __html: step.html[language] }} />
                      {step.video ? <p className="small">{t("guide.video")}</p> : null}
                    </article>
                  ))}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <p>
        <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
          {t("editor.preview")}
        </button>{" "}
        <button type="submit" name="intent" value="publish" disabled={busy}>
          {t("editor.publish")}
        </button>
      </p>
      <p className="hint muted">{t("editor.publishHint")}</p>
    </Form>
  );
}
