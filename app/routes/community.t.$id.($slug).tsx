import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CategoryBadge, DraftScript, PostCard, TopicPager } from "../components/community";
import { SplitTopicForm, TopicModerationPanel } from "../components/community-topic-moderation";
import { WatchLevelForm } from "../components/community-watch-form";
import { useFormat } from "../components/use-format";
import { FLAG_REASON_CHOICES, TOPIC_MODERATION_INTENTS, type TopicModerationIntent } from "../domain/community-moderation-forms";
import { errorMessage } from "../domain/service-error";
import { topicPath } from "../domain/community-rules";
import { acceptAnswer, unacceptAnswer } from "../services/community-accept-answer.server";
import { deletePost } from "../services/community-delete-post.server";
import { editPost } from "../services/community-edit-post.server";
import { flagPost } from "../services/flag-community-post.server";
import { likePost, unlikePost } from "../services/community-like.server";
import { mayModerateTopics, moderateTopicFromPage, topicModerationView } from "../services/moderate-community-topic.server";
import { suspensionOf } from "../services/community-participant.server";
import { replyToTopic } from "../services/community-reply.server";
import { ideaPanel } from "../services/idea-board.server";
import { voteForIdea, withdrawVote } from "../services/idea-votes.server";
import { IdeaPanelView } from "../components/ideas";
import { editablePost, mergedTopicDestination, postAnchor, postHistory, postHref, readableTopic, topicPage } from "../services/community-topic-page.server";
import { requireCommunityReader, requireCommunityReadScope, type CommunityReadScope } from "../utils/community-access.server";
import { watchLevelOfTopic } from "../services/community-preferences.server";
import { mayReadAnonymously, topicCanonicalLinks } from "../services/community-settings.server";
import { communityRefusal, formValues, isTopicModeration, parseTopicAction, parseTopicModeration } from "../utils/community-forms.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }, ...(data?.canonical ?? [])];

const isModerationIntent = (value: string | null | undefined): value is TopicModerationIntent =>
  (TOPIC_MODERATION_INTENTS as readonly (string | null | undefined)[]).includes(value);

const positive = (value: string | null | undefined) => (value && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null);

async function notFound(reader: CommunityReadScope): Promise<never> {
  const t = await fixedT(reader.language, "common");
  throw new Response(t("notFound.title"), { status: 404 });
}

/**
 * The topic the URL names, if the reader may see it; a missing or outdated slug answers 301 to the
 * canonical URL. Reading (`followMerges`), the address of a topic merged into another answers 301
 * to that one; a form posted to it is refused (404) rather than turned into a GET.
 */
async function topicOf(reader: CommunityReadScope, params: LoaderFunctionArgs["params"], options: { followMerges?: boolean } = {}) {
  const id = positive(params.id);
  const topic = id ? readableTopic(reader, id) : null;
  if (!topic && id && options.followMerges) {
    const merged = mergedTopicDestination(reader, id);
    if (merged) throw redirect(topicPath(merged), 301);
  }
  return topic ?? notFound(reader);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Signed-out visitors read topics when the admin lets everyone read (with a canonical URL for search engines).
  const { reader, scope } = await requireCommunityReadScope(request, mayReadAnonymously());
  const topic = await topicOf(scope, params, { followMerges: true });
  const url = new URL(request.url);
  const suspension = reader ? suspensionOf(reader.viewer.member) : null;
  const view = topicPage(scope, topic, positive(url.searchParams.get("page")) ?? 1, { suspended: suspension !== null });
  if (url.pathname !== view.topic.path) throw redirect(view.topic.path + url.search, 301);
  const step = (name: string) => (reader ? positive(url.searchParams.get(name)) : null);
  const editId = step("edit");
  const historyId = step("history");
  const deleteId = step("delete");
  const replyToId = step("replyTo");
  const flagId = step("flag");
  const shown = [view.accepted, ...view.posts];
  const replyTo = replyToId ? (shown.find((post) => post?.id === replyToId && !post.deleted) ?? null) : null;
  const t = await fixedT(scope.language, "community");
  const moderation = reader ? topicModerationView(reader, topic) : null;
  const moderated = url.searchParams.get("moderated");
  return {
    ...view,
    moderation,
    /** The split step: a moderator ticks the replies of this page to move into a new topic. */
    splitting: moderation !== null && url.searchParams.get("split") === "1",
    moderated: moderation && isModerationIntent(moderated) ? moderated : null,
    edit: reader && editId ? editablePost(reader, topic, editId) : null,
    history: reader && historyId ? postHistory(reader, topic, historyId) : null,
    confirmDelete: deleteId ? (shown.find((post) => post?.id === deleteId && post.may.delete) ?? null) : null,
    confirmFlag: flagId ? (shown.find((post) => post?.id === flagId && post.may.flag) ?? null) : null,
    flagged: positive(url.searchParams.get("flagged")),
    replyTo: replyTo ? { id: replyTo.id, number: replyTo.number, name: replyTo.author.name } : null,
    staff: scope.staff,
    signedIn: reader !== null,
    mayPost: reader !== null && suspension === null,
    suspension,
    canonical: topicCanonicalLinks(topic),
    watchLevel: reader ? watchLevelOfTopic(reader, topic.id) : null,
    idea: topic.category.kind === "ideas" ? ideaPanel({ ...scope, signedIn: reader !== null, contact: reader?.viewer.kind === "contact" }, topic.id) : null,
    title: t("topic.metaTitle", { title: topic.title }),
  };
}

type ActionReply = { intent: string; postId: number | null; message: string; field: string | null; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const topic = await topicOf(reader, params);
  const url = new URL(request.url);
  const formData = await request.formData();
  const values = formValues(formData);
  const here = url.pathname + url.search;
  const refuse = (status: number, message: string, field: string | null, intent: string, postId: number | null = null) =>
    data<ActionReply>({ intent, postId, message, field, values }, { status });
  const t = await fixedT(reader.language, "community");
  if (isTopicModeration(formData)) {
    const intent = String(formData.get("intent"));
    // Ticked replies of a split that failed stay ticked.
    values.postIds = formData.getAll("postIds").join(",");
    // A member (or staff who do not moderate) forging the form learns nothing more, whatever they posted.
    if (!mayModerateTopics(reader)) return refuse(403, errorMessage("communityModeratorsOnly", {}, reader.language), null, intent);
    try {
      const next = moderateTopicFromPage(reader, topic.id, parseTopicModeration(formData), clientIp(request));
      const shown = readableTopic(reader, next.topicId) ?? topic;
      return redirect(`${topicPath(shown)}?moderated=${intent}`, 303);
    } catch (error) {
      const refusal = communityRefusal(error, reader.language, here);
      return refuse(refusal.status, refusal.message, refusal.field, intent);
    }
  }
  const parsed = parseTopicAction(formData);
  if (!parsed.success) return refuse(400, t("errors.badRequest"), null, values.intent ?? "reply", positive(values.postId));
  const form = parsed.data;
  if ((form.intent === "vote" || form.intent === "unvote") && topic.category.kind !== "ideas")
    return refuse(400, t(`errors.unavailable.${form.intent}`), null, form.intent);
  const postId = "postId" in form ? (form.postId ?? null) : null;
  try {
    switch (form.intent) {
      case "vote":
        voteForIdea(reader, topic.id);
        return redirect(`${topicPath(topic)}#idea-vote`, 303);
      case "unvote":
        withdrawVote(reader, topic.id);
        return redirect(`${topicPath(topic)}#idea-vote`, 303);
      case "reply": {
        const reply = replyToTopic(reader, topic.id, { body: form.body, replyToPostId: form.replyTo ?? null });
        return redirect(postHref(reader, topic, reply.postNumber), 303);
      }
      case "like":
      case "unlike": {
        if (form.intent === "like") likePost(reader, form.postId);
        else unlikePost(reader, form.postId);
        return redirect(postAnchor(reader, topic, form.postId), 303);
      }
      case "accept":
        acceptAnswer(reader, form.postId);
        return redirect(`${topicPath(topic)}#accepted-answer`, 303);
      case "unaccept":
        unacceptAnswer(reader, topic.id);
        return redirect(topicPath(topic), 303);
      case "edit": {
        const post = editablePost(reader, topic, form.postId);
        editPost(reader, form.postId, { body: form.body, title: post?.title !== null ? form.title : null });
        return redirect(post ? postHref(reader, topic, post.number) : topicPath(topic), 303);
      }
      case "flag": {
        flagPost(reader, form.postId, { reason: form.reason as (typeof FLAG_REASON_CHOICES)[number], note: form.note ?? null });
        const anchor = postAnchor(reader, topic, form.postId);
        const [path, fragment] = anchor.split("#");
        const number = Number(fragment?.replace("post-", "")) || 0;
        return redirect(`${path}${path.includes("?") ? "&" : "?"}flagged=${number}#${fragment ?? ""}`, 303);
      }
      case "delete": {
        const deleted = deletePost(reader, form.postId);
        return redirect(deleted.topicDeleted ? `/community/c/${deleted.categorySlug}` : topicPath(topic), 303);
      }
    }
  } catch (error) {
    const refusal = communityRefusal(error, reader.language, here);
    return refuse(refusal.status, refusal.message, refusal.field, form.intent, postId);
  }
}

export default function TopicPage() {
  const {
    topic,
    posts,
    accepted,
    page,
    pages,
    edit,
    history,
    confirmDelete,
    confirmFlag,
    flagged,
    replyTo,
    mayPost,
    suspension,
    signedIn,
    staff,
    watchLevel,
    moderation,
    splitting,
    moderated,
    idea,
  } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as ActionReply | undefined;
  const { t } = useTranslation("community");
  const { t: tm } = useTranslation("communityModeration");
  const format = useFormat();
  const opening = page === 1 ? posts.find((post) => post.number === 1) : undefined;
  const replies = posts.filter((post) => post !== opening);
  const pageHref = (n: number) => (n === 1 ? topic.path : `${topic.path}?page=${n}`);
  const splitHref = `${pageHref(page)}${page > 1 ? "&" : "?"}split=1`;
  const replyFailed = failed?.intent === "reply" ? failed : undefined;
  const editFailed = failed?.intent === "edit" ? failed : undefined;
  const flagFailed = failed?.intent === "flag" ? failed : undefined;
  // The panel shows its own refusals; anyone else forging a moderation form reads the refusal at the top.
  const moderationFailed = failed && moderation && isModerationIntent(failed.intent) ? failed : undefined;
  const otherFailed = failed && !replyFailed && !editFailed && !flagFailed && !moderationFailed ? failed : undefined;
  const splitChecked = new Set(moderationFailed?.intent === "split" ? (moderationFailed.values.postIds ?? "").split(",") : []);
  const card = (post: (typeof posts)[number], role: "question" | "accepted" | "reply") => (
    <PostCard
      key={`${role}-${post.id}`}
      post={post}
      role={role}
      topic={topic}
      page={page}
      staff={staff}
      editing={edit?.id === post.id ? edit : null}
      editError={editFailed}
      splitPick={splitting ? { checked: splitChecked.has(String(post.id)) } : undefined}
    />
  );
  return (
    <div className="community-page stack">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <a href="/community">{t("nav.home")}</a> <CategoryBadge category={topic.category} />
      </nav>
      <header className="topic-header">
        <h1>{topic.title}</h1>
        <div className="topic-meta">
          {topic.solved ? <span className="badge good">{t("list.solved")}</span> : null}
          {topic.locked ? <span className="badge">{t("list.locked")}</span> : null}
          {topic.pinned ? (
            <span className="badge info">
              {topic.pinned === "global" ? tm("topic.pinnedGlobally") : tm("topic.pinnedInCategory", { category: topic.category.name })}
            </span>
          ) : null}
          {topic.hidden ? <span className="badge warn">{t("list.hidden")}</span> : null}
          <span className="muted">{t("list.replies", { count: topic.replies })}</span>
          <span className="muted">{format.date(topic.createdAt)}</span>
        </div>
        {watchLevel ? <WatchLevelForm target="topic" id={topic.id} level={watchLevel} redirectTo={topic.path} /> : null}
        {moderation ? <TopicModerationPanel topic={topic} moderation={moderation} failed={moderationFailed} splitHref={splitHref} /> : null}
      </header>

      {moderated ? (
        <p className="notice success" role="status">
          {tm(`topic.done.${moderated}`)}
        </p>
      ) : null}

      {splitting ? (
        <p className="notice info">
          {tm("topic.splitStepIntro")} <a href="#split-title">{tm("topic.splitGoToForm")}</a>
        </p>
      ) : null}

      {otherFailed ? (
        <p className="notice error" role="alert">
          {otherFailed.message}
        </p>
      ) : null}

      {idea ? <IdeaPanelView idea={idea} path={topic.path} /> : null}

      {history ? (
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title">{t("topic.historyHeading", { number: history.number })}</h2>
          {history.revisions.length === 0 ? <p className="muted">{t("topic.historyEmpty")}</p> : null}
          {history.revisions.map((revision) => (
            <div className="revision" key={revision.id}>
              <p className="muted flush">{t("topic.historyEntry", { name: revision.editorName, date: format.dateTime(revision.createdAt) })}</p>
              {revision.title ? <p className="flush">{revision.title}</p> : null}
              <pre>{revision.source}</pre>
            </div>
          ))}
          <a href={`${pageHref(page)}#post-${history.number}`}>{t("topic.closeHistory")}</a>
        </section>
      ) : null}

      {confirmDelete ? (
        <section className="card" aria-labelledby="delete-title">
          <h2 id="delete-title">{t("topic.deleteHeading", { number: confirmDelete.number })}</h2>
          <p>{t("topic.deleteBody")}</p>
          <form method="post" action={topic.path} className="composer-actions">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="postId" value={confirmDelete.id} />
            <button type="submit" className="danger">
              {t("topic.confirmDelete")}
            </button>
            <a href={`${pageHref(page)}#post-${confirmDelete.number}`}>{t("topic.cancel")}</a>
          </form>
        </section>
      ) : null}

      {flagged ? (
        <p className="notice success" role="status">
          {t("flag.done", { number: flagged })}
        </p>
      ) : null}

      {confirmFlag ? (
        <section className="card" aria-labelledby="flag-title">
          <h2 id="flag-title">{t("flag.heading", { number: confirmFlag.number })}</h2>
          <p>{t("flag.body")}</p>
          <form method="post" action={topic.path}>
            <input type="hidden" name="intent" value="flag" />
            <input type="hidden" name="postId" value={confirmFlag.id} />
            <fieldset className="field" aria-invalid={flagFailed?.field === "reason" ? true : undefined}>
              <legend>{t("flag.reason")}</legend>
              {FLAG_REASON_CHOICES.map((reason) => (
                <label key={reason} className="choice">
                  <input type="radio" name="reason" value={reason} required defaultChecked={flagFailed?.values.reason === reason} />{" "}
                  {t(`flag.reasons.${reason}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="flag-note">{t("flag.note")}</label>
              <p className="hint" id="flag-note-hint">
                {t("flag.noteHint")}
              </p>
              <textarea
                id="flag-note"
                name="note"
                rows={3}
                maxLength={500}
                defaultValue={flagFailed?.values.note ?? ""}
                aria-describedby={flagFailed ? "flag-note-hint flag-error" : "flag-note-hint"}
              />
            </div>
            {flagFailed ? (
              <p className="field-error" id="flag-error" role="alert">
                {flagFailed.message}
              </p>
            ) : null}
            <div className="composer-actions">
              <button type="submit">{t("flag.submit")}</button>
              <a href={`${pageHref(page)}#post-${confirmFlag.number}`}>{t("topic.cancel")}</a>
            </div>
          </form>
        </section>
      ) : null}

      <ol className="topic-posts" role="list">
        {opening ? <li>{card(opening, "question")}</li> : null}
        {page === 1 && accepted ? <li>{card(accepted, "accepted")}</li> : null}
        {replies.map((post) => (
          <li key={post.id}>{card(post, "reply")}</li>
        ))}
      </ol>

      <TopicPager page={page} pages={pages} href={pageHref} />

      {splitting && moderation ? <SplitTopicForm action={splitHref} moderation={moderation} failed={moderationFailed} cancelHref={pageHref(page)} /> : null}

      {topic.locked ? (
        <p className="notice info">{t("topic.locked")}</p>
      ) : !signedIn ? (
        <p className="notice info">
          <a href={`/login?redirectTo=${encodeURIComponent(topic.path)}`}>{t("topic.signInToReply")}</a>
        </p>
      ) : !mayPost ? (
        <p className="notice warn">
          {suspension ? t("topic.suspendedUntil", { until: format.day(suspension.until) }) : t("topic.suspended")}
          {suspension?.reason ? ` ${t("topic.suspendedReason", { reason: suspension.reason })}` : null}
        </p>
      ) : (
        <section className="card composer" aria-labelledby="reply-title">
          <h2 id="reply-title">{t("topic.replyHeading")}</h2>
          <form method="post" action={topic.path} data-draft={`reply-${topic.id}`}>
            {replyTo ? (
              <p className="notice info">
                {t("topic.replyingTo", { name: replyTo.name, number: replyTo.number })}{" "}
                <a href={`${pageHref(page)}#reply-title`}>{t("topic.replyToTopicInstead")}</a>
                <input type="hidden" name="replyTo" value={replyTo.id} />
              </p>
            ) : null}
            <div className="field">
              <label htmlFor="reply-body">{t("topic.replyLabel")}</label>
              <p className="hint" id="reply-body-hint">
                {t("topic.markdownHint")}
              </p>
              <textarea
                id="reply-body"
                name="body"
                required
                defaultValue={replyFailed?.values.body ?? ""}
                aria-invalid={replyFailed ? true : undefined}
                aria-describedby={replyFailed ? "reply-body-hint reply-body-error" : "reply-body-hint"}
              />
              {replyFailed ? (
                <p className="field-error" id="reply-body-error">
                  {replyFailed.message}
                </p>
              ) : null}
            </div>
            <button type="submit">{t("topic.submitReply")}</button>
          </form>
        </section>
      )}
      <DraftScript />
    </div>
  );
}
