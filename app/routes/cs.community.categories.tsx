import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CategoryBadge, CategorySwatch } from "../components/category-badge";
import { ConsoleError } from "../components/console-error";
import { useFormat } from "../components/use-format";
import { FieldError, FormError } from "../components/settings-form";
import { CATEGORY_SEGMENTS, CategoryForm, DEFAULT_CATEGORY_KINDS, SELECTABLE_CATEGORY_KINDS } from "../domain/community-categories";
import { listCategories, type CommunityCategory } from "../models/community-category.server";
import { createCategory, updateCategory } from "../services/community-categories.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/community/categories` (`?edit=<id>` opens one for editing): the community's categories. Admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const t = await fixedT(user.language, "communityAdmin");
  const categories = listCategories();
  const edit = Number(new URL(request.url).searchParams.get("edit"));
  const editing = Number.isInteger(edit) && edit > 0 ? (categories.find((c) => c.id === edit) ?? null) : null;
  return { title: t("categories.title"), categories: categories.map(view), editing: editing ? view(editing) : null };
}

function view(c: CommunityCategory) {
  const { id, slug, kind, nameEn, nameJa, descriptionEn, descriptionJa, position, colour, staffOnlyTopics, segments, topicCount } = c;
  return { id, slug, kind, nameEn, nameJa, descriptionEn, descriptionJa, position, colour, staffOnlyTopics, segments, topicCount };
}
type CategoryView = ReturnType<typeof view>;

type ActionResult = { ok: boolean; intent?: string; message?: string; result: SubmissionResult<string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const submission = parseWithZod(await request.formData(), { schema: CategoryForm });
  if (submission.status !== "success") {
    const intent = submission.payload.intent;
    return data<ActionResult>({ ok: false, intent: typeof intent === "string" ? intent : undefined, result: submission.reply() }, { status: 400 });
  }
  const t = await fixedT(user.language, "communityAdmin");
  const form = submission.value;
  const intent = form.intent;
  try {
    const actor = { user, ip: clientIp(request) };
    if (form.intent === "create") {
      const { intent: _create, ...input } = form;
      const created = createCategory(actor, input);
      const name = user.language === "ja" ? created.nameJa : created.nameEn;
      return data<ActionResult>({ ok: true, intent, message: t("categories.created", { name }), result: submission.reply({ resetForm: true }) });
    }
    const { intent: _update, id, ...input } = form;
    const saved = updateCategory(actor, id, input);
    const name = user.language === "ja" ? saved.nameJa : saved.nameEn;
    return data<ActionResult>({ ok: true, intent, message: t("categories.saved", { name }), result: submission.reply() });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data<ActionResult>({ ok: false, intent, result }, { status });
  }
}

export default function CommunityCategories() {
  const { categories, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("communityAdmin");
  const format = useFormat();
  const ja = i18n.language === "ja";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("categories.heading")}</h1>
          <p>{t("categories.intro")}</p>
        </div>
      </div>
      {actionData?.ok ? (
        <div className="notice success" role="status">
          {actionData.message}
        </div>
      ) : null}
      <div className="stack">
        <div className="card table-wrap">
          <table className="community-admin-table">
            <caption className="visually-hidden">{t("categories.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("categories.name")}</th>
                <th scope="col">{t("categories.slug")}</th>
                <th scope="col">{t("categories.kind")}</th>
                <th scope="col" className="num">
                  {t("categories.position")}
                </th>
                <th scope="col">{t("categories.access")}</th>
                <th scope="col" className="num">
                  {t("categories.topics")}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t("categories.edit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr key={c.id} aria-current={editing?.id === c.id ? "true" : undefined}>
                  <td>
                    <CategoryBadge colour={c.colour} name={ja ? c.nameJa : c.nameEn} />
                    <div className="muted small" lang={ja ? "en" : "ja"}>
                      {ja ? c.nameEn : c.nameJa}
                    </div>
                  </td>
                  <td>
                    <code>{c.slug}</code>
                  </td>
                  <td className="nowrap">{t(`kinds.${c.kind}`)}</td>
                  <td className="num">{format.number(c.position)}</td>
                  <td>
                    {c.segments?.length
                      ? c.segments.map((s) => t(`segments.${s as "high" | "low" | "tech"}`)).join(ja ? "・" : ", ")
                      : t("categories.everyone")}
                    {c.staffOnlyTopics ? <div className="muted small">{t("categories.staffOnly")}</div> : null}
                  </td>
                  <td className="num">{format.number(c.topicCount)}</td>
                  <td className="nowrap">
                    <Link to={`?edit=${c.id}`} aria-label={`${t("categories.edit")}: ${ja ? c.nameJa : c.nameEn}`}>
                      {t("categories.edit")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {/* A fresh form per category (and after each create), so the inputs show the stored values. */}
        <CategoryEditor
          key={editing ? `edit-${editing.id}` : `new-${categories.length}`}
          editing={editing}
          actionData={actionData?.intent === (editing ? "update" : "create") ? actionData : undefined}
        />
      </div>
    </>
  );
}

function CategoryEditor({ editing, actionData }: { editing: CategoryView | null; actionData: ActionResult | undefined }) {
  const { t } = useTranslation("communityAdmin");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: editing ? `category-${editing.id}` : "category-new",
    lastResult: actionData?.result,
    defaultValue: editing
      ? { ...editing, position: String(editing.position), staffOnlyTopics: editing.staffOnlyTopics ? "on" : undefined, segments: editing.segments ?? [] }
      : { position: "100", colour: "#4f46e5", kind: "qa" },
    shouldValidate: "onBlur",
    // A fixed error clears while typing, so the button does not move under the pointer on blur.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CategoryForm }),
  });
  const [colour, setColour] = useState(String(fields.colour.initialValue ?? "#4f46e5"));
  const kindLocked = editing ? Boolean(DEFAULT_CATEGORY_KINDS[editing.slug]) : false;
  const segments = new Set([fields.segments.initialValue ?? []].flat());
  const text = (field: typeof fields.nameEn, label: string, lang: "en" | "ja") => (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input {...getInputProps(field, { type: "text" })} lang={lang} autoComplete="off" />
      <FieldError errors={field.errors} id={field.errorId} />
    </div>
  );
  const area = (field: typeof fields.descriptionEn, label: string, lang: "en" | "ja") => (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea {...getTextareaProps(field)} lang={lang} rows={3} />
      <FieldError errors={field.errors} id={field.errorId} />
    </div>
  );
  const { i18n } = useTranslation();
  const heading = editing ? t("categories.editingHeading", { name: i18n.language === "ja" ? editing.nameJa : editing.nameEn }) : t("categories.newHeading");
  return (
    <section className="card" aria-labelledby="category-form-heading">
      <h2 id="category-form-heading">{heading}</h2>
      <Form method="post" {...getFormProps(form)} className="community-admin-form">
        <FormError errors={form.errors} id={form.errorId} />
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        {editing ? null : (
          <div className="field">
            <label htmlFor={fields.slug.id}>{t("categories.slug")}</label>
            <p className="hint" id={`${fields.slug.id}-hint`}>
              {t("categories.slugHint")}
            </p>
            <input {...getInputProps(fields.slug, { type: "text" })} aria-describedby={`${fields.slug.id}-hint`} autoComplete="off" spellCheck={false} />
            <FieldError errors={fields.slug.errors} id={fields.slug.errorId} />
          </div>
        )}
        <div className="field-row">
          {text(fields.nameEn, t("categories.nameEn"), "en")}
          {text(fields.nameJa, t("categories.nameJa"), "ja")}
        </div>
        <div className="field-row">
          {area(fields.descriptionEn, t("categories.descriptionEn"), "en")}
          {area(fields.descriptionJa, t("categories.descriptionJa"), "ja")}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={fields.kind.id}>{t("categories.kind")}</label>
            {kindLocked ? (
              <>
                <input type="hidden" name={fields.kind.name} value={editing!.kind} />
                <p id={fields.kind.id}>
                  {t(`kinds.${editing!.kind}`)} <span className="muted small">{t("categories.kindLocked")}</span>
                </p>
              </>
            ) : (
              <select {...getSelectProps(fields.kind)}>
                {SELECTABLE_CATEGORY_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kinds.${kind}`)}
                  </option>
                ))}
              </select>
            )}
            <FieldError errors={fields.kind.errors} id={fields.kind.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.position.id}>{t("categories.position")}</label>
            <input {...getInputProps(fields.position, { type: "number" })} min={0} max={9999} step={1} />
            <FieldError errors={fields.position.errors} id={fields.position.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.colour.id}>{t("categories.colour")}</label>
            <p className="hint" id={`${fields.colour.id}-hint`}>
              {t("categories.colourHint")}
            </p>
            <span className="category-badge">
              <input
                {...getInputProps(fields.colour, { type: "color" })}
                aria-describedby={`${fields.colour.id}-hint`}
                onChange={(event) => setColour(event.currentTarget.value)}
              />
              <CategorySwatch colour={/^#[0-9a-f]{6}$/i.test(colour) ? colour.toLowerCase() : "#4f46e5"} label={t("categories.preview")} />
            </span>
            <FieldError errors={fields.colour.errors} id={fields.colour.errorId} />
          </div>
        </div>
        <label className="inline-check">
          <input {...getInputProps(fields.staffOnlyTopics, { type: "checkbox" })} /> {t("categories.staffOnlyTopics")}
        </label>
        <fieldset aria-describedby="segments-hint">
          <legend>{t("categories.segmentsLegend")}</legend>
          <p className="hint muted" id="segments-hint">
            {t("categories.segmentsHint")}
          </p>
          {CATEGORY_SEGMENTS.map((segment) => (
            <label key={segment} className="inline-check">
              <input type="checkbox" name={fields.segments.name} value={segment} defaultChecked={segments.has(segment)} /> {t(`segments.${segment}`)}
            </label>
          ))}
          <FieldError errors={fields.segments.errors ?? Object.values(fields.segments.allErrors ?? {})[0]} id={fields.segments.errorId} />
        </fieldset>
        <p className="auth-actions">
          <button type="submit" disabled={busy}>
            {editing ? t("categories.save") : t("categories.create")}
          </button>
          {editing ? <Link to=".">{t("categories.cancel")}</Link> : null}
        </p>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
