import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DraftScript, TextField } from "../components/community";
import { useFormat } from "../components/use-format";
import { SimilarTopics, type SimilarTopicLink } from "../components/similar-topics";
import { similarTopics } from "../services/community-search.server";
import { TITLE_MAX, TITLE_MIN } from "../domain/community-rules";
import { startableCategories } from "../services/community-lists.server";
import { suspensionOf } from "../services/community-participant.server";
import { previewTopic } from "../services/community-preview-topic.server";
import { startTopic } from "../services/community-start-topic.server";
import { guidelinesRedirect, needsGuidelines, requireCommunityReader } from "../utils/community-access.server";
import { communityRefusal, formValues, NewTopicForm } from "../utils/community-forms.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `?category=slug` preselects a category the member may start topics in (staff-only ones are not offered to customers). */
export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const url = new URL(request.url);
  if (needsGuidelines(reader)) throw guidelinesRedirect(url.pathname + url.search);
  const categories = startableCategories(reader);
  const wanted = url.searchParams.get("category");
  const t = await fixedT(reader.language, "community");
  return {
    categories: categories.map(({ slug, name, kind }) => ({ slug, name, idea: kind === "ideas" })),
    preselected: categories.some((category) => category.slug === wanted) ? wanted : null,
    // After a topic the posting rules held for a moderator (its page opens once it is approved).
    held: url.searchParams.get("held") === "1",
    // A suspended member is told until when and why before writing anything, not after.
    suspension: reader.viewer.kind === "contact" ? suspensionOf(reader.viewer.member) : null,
    title: t("new.metaTitle"),
  };
}

type NewTopicReply = {
  values: Record<string, string>;
  errors: Partial<Record<"title" | "body" | "category" | "problem" | "form", string>>;
  preview: { title: string; html: string } | null;
  /** The search area fills this on the preview step; until then the slot stays empty. */
  similarTopics: SimilarTopicLink[];
};

export async function action({ request }: ActionFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const url = new URL(request.url);
  const formData = await request.formData();
  const values = formValues(formData);
  const t = await fixedT(reader.language, "community");
  const reply = (status: number, rest: Partial<NewTopicReply>) =>
    data<NewTopicReply>({ values, errors: {}, preview: null, similarTopics: [], ...rest }, { status });
  const parsed = NewTopicForm.safeParse(values);
  if (!parsed.success) return reply(400, { errors: { form: t("errors.badRequest") } });
  const { intent, ...input } = parsed.data;
  try {
    if (intent === "preview") {
      const preview = previewTopic(reader, input);
      // Without JavaScript, the preview step is where similar topics are suggested.
      return reply(200, { preview: { title: preview.title, html: preview.html }, similarTopics: similarTopics(reader, preview.title) });
    }
    const topic = startTopic(reader, input);
    return redirect(topic.held ? "/community/new?held=1" : topic.path, 303);
  } catch (error) {
    const refusal = communityRefusal(error, reader.language, url.pathname + url.search);
    const field = refusal.field === "title" || refusal.field === "body" || refusal.field === "category" || refusal.field === "problem" ? refusal.field : "form";
    return reply(refusal.status, { errors: { [field]: refusal.message } });
  }
}

export default function NewTopic() {
  const { categories, preselected, held, suspension } = useLoaderData<typeof loader>();
  const format = useFormat();
  const reply = useActionData<typeof action>() as NewTopicReply | undefined;
  const { t } = useTranslation("community");
  const { t: ti } = useTranslation("ideas");
  const values = reply?.values ?? {};
  const errors = reply?.errors ?? {};
  const preview = reply?.preview ?? null;
  const category = values.category ?? preselected ?? "";
  return (
    <div className="community-page stack">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <a href="/community">{t("nav.home")}</a>
      </nav>
      <header>
        <h1>{preview ? t("new.previewHeading") : t("new.title")}</h1>
        <p className="muted flush">{preview ? t("new.previewIntro") : t("new.intro")}</p>
      </header>

      {held && !reply ? (
        <p className="notice info" role="status">
          {t("new.heldNotice")}
        </p>
      ) : null}

      {errors.form ? (
        <p className="notice error" role="alert">
          {errors.form}
        </p>
      ) : null}

      {suspension ? (
        <p className="notice warn">
          {t("new.suspendedUntil", { until: format.day(suspension.until) })}
          {suspension.reason ? ` ${t("topic.suspendedReason", { reason: suspension.reason })}` : null}
        </p>
      ) : null}

      {preview ? (
        <section className="post preview-card" aria-labelledby="preview-title">
          <p className="post-label muted">{t("new.previewHeading")}</p>
          <h2 id="preview-title" className="topic-preview-title">
            {preview.title}
          </h2>
          <div className="post-body" dangerouslySetInnerHTML={{ __html: preview.html }} />
        </section>
      ) : null}

      <form method="post" action="/community/new" className="card composer" data-draft="new-topic" noValidate>
        <div className="field">
          <label htmlFor="topic-category">{t("new.categoryLabel")}</label>
          <select
            id="topic-category"
            name="category"
            defaultValue={category}
            required
            aria-invalid={errors.category ? true : undefined}
            aria-describedby={errors.category ? "topic-category-error" : undefined}
          >
            <option value="">{t("new.categoryChoose")}</option>
            {categories.map((option) => (
              <option key={option.slug} value={option.slug}>
                {option.name}
              </option>
            ))}
          </select>
          {errors.category ? (
            <p className="field-error" id="topic-category-error">
              {errors.category}
            </p>
          ) : null}
        </div>
        <TextField
          name="title"
          id="topic-title"
          label={t("new.titleLabel")}
          hint={t("new.titleHint", { min: TITLE_MIN, max: TITLE_MAX })}
          defaultValue={values.title ?? ""}
          error={errors.title}
        />
        <SimilarTopics titleInputId="topic-title" topics={reply?.similarTopics ?? []} />
        {categories.some((option) => option.idea && option.slug === category) ? (
          <TextField
            name="problem"
            id="topic-problem"
            label={ti("problem.label")}
            hint={ti("problem.hint")}
            defaultValue={values.problem ?? ""}
            error={errors.problem}
            required={false}
            multiline
          />
        ) : null}
        <TextField
          name="body"
          id="topic-body"
          label={t("new.bodyLabel")}
          hint={t("new.bodyHint")}
          defaultValue={values.body ?? ""}
          error={errors.body}
          multiline
        />
        <p className="hint muted">{t("new.draftSaved")}</p>
        <div className="composer-actions">
          <button type="submit" name="intent" value="publish">
            {t("new.publish")}
          </button>
          <button type="submit" name="intent" value="preview" className="secondary">
            {t("new.preview")}
          </button>
        </div>
      </form>
      <DraftScript />
    </div>
  );
}
