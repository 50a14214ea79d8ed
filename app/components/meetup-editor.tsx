import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MEETUP_CAPACITY_MAX, MEETUP_SEGMENTS } from "../domain/meetups";
import { FieldError, FormError } from "./settings-form";

/** What the form shows of a meetup being edited (wall-clock times in its zone). */
export type MeetupEditorValues = {
  id: number;
  title: string;
  description: string;
  format: "online" | "venue";
  joinUrl: string;
  venue: string;
  startsLocal: string;
  endsLocal: string;
  deadlineLocal: string;
  timeZone: string;
  capacity: number;
  segments: string[];
  materials: string;
};

/** The console's event form, for a new event or one being edited. Validated by the server (the times need the zone). */
export function MeetupEditor({
  editing,
  lastResult,
  zones,
  defaultZone,
}: {
  editing: MeetupEditorValues | null;
  lastResult: SubmissionResult<string[]> | undefined;
  zones: string[];
  defaultZone: string;
}) {
  const { t } = useTranslation("meetups");
  const { t: tc } = useTranslation("console");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: editing ? `meetup-${editing.id}` : "meetup-new",
    lastResult,
    defaultValue: editing
      ? { ...editing, capacity: String(editing.capacity) }
      : { format: "online", timeZone: defaultZone, capacity: "30", segments: [] as string[] },
  });
  const segments = new Set([fields.segments.initialValue ?? []].flat());
  const field = (name: keyof typeof fields, label: string, input: React.ReactNode) => (
    <div className="field">
      <label htmlFor={fields[name].id}>{label}</label>
      {input}
      <FieldError errors={fields[name].errors} id={fields[name].errorId} />
    </div>
  );
  return (
    <section className="card" aria-labelledby="meetup-form-heading">
      <h2 id="meetup-form-heading">{editing ? t("console.form.editHeading") : t("console.form.newHeading")}</h2>
      <Form method="post" {...getFormProps(form)} className="community-admin-form">
        <FormError errors={form.errors} id={form.errorId} />
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        {field("title", t("console.form.title"), <input {...getInputProps(fields.title, { type: "text" })} autoComplete="off" />)}
        {field("description", t("console.form.description"), <textarea {...getTextareaProps(fields.description)} rows={6} />)}
        <fieldset>
          <legend>{t("console.form.format")}</legend>
          {(["online", "venue"] as const).map((format) => (
            <label key={format} className="inline-check">
              <input type="radio" name={fields.format.name} value={format} defaultChecked={(fields.format.initialValue ?? "online") === format} />{" "}
              {t(`console.formats.${format}`)}
            </label>
          ))}
          <FieldError errors={fields.format.errors} id={fields.format.errorId} />
        </fieldset>
        <div className="field-row">
          {field("joinUrl", t("console.form.joinUrl"), <input {...getInputProps(fields.joinUrl, { type: "url" })} autoComplete="off" placeholder="https://" />)}
          {field("venue", t("console.form.venue"), <input {...getInputProps(fields.venue, { type: "text" })} autoComplete="off" />)}
        </div>
        <div className="field-row">
          {field("startsLocal", t("console.form.starts"), <input {...getInputProps(fields.startsLocal, { type: "datetime-local" })} />)}
          {field("endsLocal", t("console.form.ends"), <input {...getInputProps(fields.endsLocal, { type: "datetime-local" })} />)}
          {field(
            "timeZone",
            t("console.form.timeZone"),
            <select id={fields.timeZone.id} name={fields.timeZone.name} defaultValue={String(fields.timeZone.initialValue ?? defaultZone)}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>,
          )}
        </div>
        <div className="field-row">
          {field(
            "capacity",
            t("console.form.capacity"),
            <input {...getInputProps(fields.capacity, { type: "number" })} min={1} max={MEETUP_CAPACITY_MAX} step={1} />,
          )}
          {field("deadlineLocal", t("console.form.deadline"), <input {...getInputProps(fields.deadlineLocal, { type: "datetime-local" })} />)}
        </div>
        <fieldset>
          <legend>{t("console.form.segments")}</legend>
          {MEETUP_SEGMENTS.map((segment) => (
            <label key={segment} className="inline-check">
              <input type="checkbox" name={fields.segments.name} value={segment} defaultChecked={segments.has(segment)} /> {tc(`terms.segment.${segment}`)}
            </label>
          ))}
          <FieldError errors={fields.segments.errors} id={fields.segments.errorId} />
        </fieldset>
        {field(
          "materials",
          t("console.form.materials"),
          <textarea {...getTextareaProps(fields.materials)} rows={3} placeholder={t("console.form.materialsPlaceholder")} />,
        )}
        <p className="auth-actions">
          <button type="submit" disabled={busy}>
            {editing ? t("console.form.save") : t("console.form.create")}
          </button>
        </p>
      </Form>
    </section>
  );
}
