import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StoryFormFields } from "../components/story-form";
import { useFormat } from "../components/use-format";
import { MemberStoryAction } from "../domain/stories";
import { mayReadAnonymously } from "../services/community-settings.server";
import { assertNotSuspended, storyActorOf } from "../services/story-actor.server";
import { storyPage } from "../services/story-pages.server";
import { publishStory, sendBackStory } from "../services/story-review.server";
import { commentOnStory, submitStory, updateStory } from "../services/story-write.server";
import { guidelinesRedirect, needsGuidelines, requireCommunityReader, requireCommunityReadScope } from "../utils/community-access.server";
import { communityRefusal } from "../utils/community-forms.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { storyFieldErrors, storyFormValues } from "../utils/story-forms.server";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

function storyId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

const DONE = ["saved", "submitted", "commented"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = storyId(params);
  const { scope } = await requireCommunityReadScope(request, mayReadAnonymously());
  const t = await fixedT(scope.language, "stories");
  const page = storyPage(scope, id);
  if (!page) throw new Response(t("list.emptyFiltered"), { status: 404 });
  const done = DONE.find((value) => value === new URL(request.url).searchParams.get("done")) ?? null;
  return { ...page, staff: scope.staff, done, title: page.story.title };
}

type Reply = { values: Record<string, string>; errors: Record<string, string> };

/**
 * The author saves, submits or answers the team; staff intents (publish, send back) are passed
 * to the services as they came, which refuse anyone but staff (403): a forged form changes nothing.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const id = storyId(params);
  const reader = await requireCommunityReader(request);
  const path = `/community/stories/${id}`;
  if (needsGuidelines(reader)) throw guidelinesRedirect(path);
  const values = storyFormValues(await request.formData());
  const parsed = MemberStoryAction.safeParse(values);
  if (!parsed.success) return data<Reply>({ values, errors: storyFieldErrors(parsed.error, reader.language) }, { status: 400 });
  const actor = storyActorOf(reader);
  const form = parsed.data;
  try {
    assertNotSuspended(reader);
    if (form.intent === "save") updateStory(actor, id, form);
    else if (form.intent === "submit") submitStory(actor, id, form);
    else if (form.intent === "comment") commentOnStory(actor, id, form.body);
    else if (form.intent === "publish") publishStory(actor, id);
    else sendBackStory(actor, id, form.body);
    const done = form.intent === "save" ? "saved" : form.intent === "submit" ? "submitted" : form.intent === "comment" ? "commented" : null;
    return redirect(done ? `${path}?done=${done}` : path, 303);
  } catch (error) {
    const refusal = communityRefusal(error, reader.language, path);
    return data<Reply>({ values, errors: { [refusal.field ?? "form"]: refusal.message } }, { status: refusal.status });
  }
}

export default function StoryPage() {
  const { story, company, category, mayEdit, isAuthor, comments, staff, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("stories");
  const format = useFormat();
  const errors = reply?.errors ?? {};
  const values = reply?.values ?? story;
  return (
    <div className="community-page stack">
      <nav aria-label={t("list.eyebrow")} className="breadcrumb">
        <a href="/community">{t("list.eyebrow")}</a> <a href="/community/stories">{category.name}</a>
      </nav>

      {done ? (
        <p className="notice success" role="status">
          {t(`page.${done}`)}
        </p>
      ) : null}
      {errors.form ? (
        <p className="notice error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {story.status !== "published" && isAuthor ? (
        <p className="notice info">{story.status === "draft" ? t("page.draftNotice") : t("page.inReviewNotice")}</p>
      ) : null}
      {story.status !== "published" && staff ? <p className="notice info">{t("page.staffNotice", { status: t(`status.${story.status}`) })}</p> : null}

      <article className="story card" lang={story.language} aria-labelledby="story-title">
        <p className="story-company">
          {company ? (
            <>
              <span className="story-mark" aria-hidden="true">
                {company.monogram}
              </span>
              <strong>{company.name}</strong>
            </>
          ) : (
            <span className="muted">{t("list.anonymous", { industry: story.industry })}</span>
          )}
        </p>
        <h1 id="story-title">{story.title}</h1>
        <p className="story-tags small">
          <span className="badge">{story.industry}</span> <span className="badge">{t(`segment.${story.segment}`)}</span>
          {story.productArea ? <span className="badge">{story.productArea}</span> : null}
          {story.publishedAt ? <span className="muted"> {t("list.publishedOn", { day: format.date(story.publishedAt) })}</span> : null}
        </p>
        {story.quote ? (
          <figure className="story-quote">
            <blockquote>{story.quote}</blockquote>
            {story.quoteBy ? <figcaption>— {story.quoteBy}</figcaption> : null}
          </figure>
        ) : null}
        <section aria-labelledby="section-challenge">
          <h2 id="section-challenge">{t("page.challenge")}</h2>
          <div className="post-body" dangerouslySetInnerHTML={{ __html: story.challengeHtml }} />
        </section>
        <section aria-labelledby="section-solution">
          <h2 id="section-solution">{t("page.solution")}</h2>
          <div className="post-body" dangerouslySetInnerHTML={{ __html: story.solutionHtml }} />
        </section>
        <section aria-labelledby="section-results" className="section-results">
          <h2 id="section-results">{t("page.results")}</h2>
          <div className="post-body" dangerouslySetInnerHTML={{ __html: story.resultsHtml }} />
        </section>
      </article>

      {isAuthor || staff ? (
        <section className="card" aria-labelledby="story-comments">
          <h2 id="story-comments">{t("page.comments")}</h2>
          <p className="muted small">{t("page.commentsIntro")}</p>
          {comments.length === 0 ? (
            <p className="muted">{t("page.noComments")}</p>
          ) : (
            <ol className="story-thread" role="list">
              {comments.map((comment) => (
                <li key={comment.id} className={comment.staffName ? "story-comment team" : "story-comment"}>
                  <p className="small flush">
                    <strong>{comment.staffName ? t("page.team", { name: comment.staffName }) : isAuthor ? t("page.you") : comment.memberName}</strong>{" "}
                    <span className="muted">{format.dateTime(comment.createdAt)}</span>
                  </p>
                  <p className="story-comment-body">{comment.body}</p>
                </li>
              ))}
            </ol>
          )}
          {isAuthor ? (
            <form method="post" className="stack-tight">
              <input type="hidden" name="intent" value="comment" />
              <div className="field">
                <label htmlFor="story-comment">{t("page.commentLabel")}</label>
                <textarea id="story-comment" name="body" required rows={3} aria-invalid={errors.body ? true : undefined} />
                {errors.body ? <p className="field-error">{errors.body}</p> : null}
              </div>
              <button type="submit" className="secondary">
                {t("page.commentSubmit")}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}

      {mayEdit ? (
        <section aria-labelledby="story-edit">
          <h2 id="story-edit">{t("page.edit")}</h2>
          <form method="post" className="card composer story-form" noValidate>
            <StoryFormFields values={values as Record<string, string>} errors={errors} />
            <div className="composer-actions">
              <button type="submit" name="intent" value="save" className="secondary">
                {t("form.save")}
              </button>
              <button type="submit" name="intent" value="submit">
                {t("form.submit")}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </div>
  );
}
