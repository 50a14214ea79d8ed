import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod/v4";
import { ConsoleError } from "../components/console-error";
import { useFormat } from "../components/use-format";
import { readHeldReasons } from "../domain/posting-rules";
import { ModerationQueueForm, type ModerationQueueInput } from "../domain/community-moderation-forms";
import { firstError } from "../domain/form-input";
import { shiftDay } from "../domain/zone-days";
import { listModerationQueue, listSuspendedMembers, type QueueFlag, type QueuePost } from "../models/community-moderation.server";
import { teamToday } from "../models/settings.server";
import { approvePost, deletePost, hidePost, rejectPost, resolveFlags, unhidePost } from "../services/moderate-community-post.server";
import { suspendMember, unsuspendMember } from "../services/suspend-community-member.server";
import { requireStaff } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const t = await fixedT(user.language, "communityModeration");
  const now = Date.now();
  return {
    title: t("queue.title"),
    queue: listModerationQueue(db),
    suspended: listSuspendedMembers(db, now),
    /** The suspend form's default end: a week from today on the team's calendar. */
    defaultUntil: shiftDay(teamToday(now), 7),
  };
}

type Intent = ModerationQueueInput["intent"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const submission = parseWithZod(await request.formData(), { schema: ModerationQueueForm });
  const posted = submission.payload as Record<string, unknown>;
  const target = String(posted.postId ?? posted.memberId ?? "") || null;
  if (submission.status !== "success") {
    const intent = typeof posted.intent === "string" && (INTENTS as readonly string[]).includes(posted.intent) ? (posted.intent as Intent) : null;
    return data({ intent, target, changed: false, error: firstError(submission.reply(), user.language) }, { status: 400 });
  }
  const input = submission.value;
  const ip = clientIp(request);
  try {
    let changed = true;
    switch (input.intent) {
      case "agree":
      case "disagree":
        resolveFlags(user, { postId: input.postId, outcome: input.intent, reason: input.intent === "agree" ? input.reason : undefined }, ip);
        break;
      case "hide":
        changed = hidePost(user, { postId: input.postId, reason: input.reason }, ip).changed;
        break;
      case "unhide":
        changed = unhidePost(user, { postId: input.postId }, ip).changed;
        break;
      case "delete":
        changed = deletePost(user, { postId: input.postId }, ip).changed;
        break;
      case "approve":
        approvePost(user, { postId: input.postId }, ip);
        break;
      case "reject":
        rejectPost(user, { postId: input.postId }, ip);
        break;
      case "suspend":
        suspendMember(user, { memberId: input.memberId, until: input.until, reason: input.reason }, ip);
        break;
      case "lift":
        changed = unsuspendMember(user, { memberId: input.memberId }, ip).changed;
        break;
    }
    return { intent: input.intent, target, changed, error: null };
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ intent: input.intent, target, changed: false, error: firstError(result, user.language) }, { status });
  }
}

const INTENTS = ["agree", "disagree", "hide", "unhide", "delete", "approve", "reject", "suspend", "lift"] as const satisfies readonly Intent[];

export default function CommunityModeration() {
  const { queue, suspended, defaultUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("communityModeration");
  const format = useFormat();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("queue.heading")}</h1>
          <p>{t("queue.intro")}</p>
        </div>
      </div>
      {result?.error ? (
        <div className="notice error" role="alert">
          {result.error}
        </div>
      ) : result?.intent ? (
        <div className="notice success" role="status">
          {result.changed ? t(`queue.done.${result.intent}`) : t("queue.unchanged")}
        </div>
      ) : null}

      <div className="stack moderation-queue">
        <section className="card" aria-labelledby="flagged-heading">
          <h2 id="flagged-heading">{t("queue.flaggedHeading")}</h2>
          {queue.flagged.length === 0 ? <p className="muted">{t("queue.flaggedNone")}</p> : null}
          {queue.flagged.map((post) => (
            <article key={post.postId} className="queue-item" aria-labelledby={`flagged-${post.postId}`}>
              <PostInContext post={post} headingId={`flagged-${post.postId}`} />
              <Flags flags={post.flags} />
              <div className="queue-actions">
                <ActionForm intent="agree" postId={post.postId} confirmText={t("queue.confirmAgree")} reasonLabel={t("queue.reasonLabel")} danger>
                  {t("queue.agree")}
                </ActionForm>
                <ActionForm intent="disagree" postId={post.postId} confirmText={t("queue.confirmDisagree")}>
                  {t("queue.disagree")}
                </ActionForm>
                <ActionForm intent="delete" postId={post.postId} confirmText={t("queue.confirmDelete")} danger>
                  {t("queue.delete")}
                </ActionForm>
                {post.authorIsStaff ? null : <SuspendForm memberId={post.authorId} postId={post.postId} defaultUntil={defaultUntil} />}
              </div>
            </article>
          ))}
        </section>

        <section className="card" aria-labelledby="held-heading">
          <h2 id="held-heading">{t("queue.heldHeading")}</h2>
          {queue.held.length === 0 ? <p className="muted">{t("queue.heldNone")}</p> : null}
          {queue.held.map((post) => {
            const held = readHeldReasons(post.heldReasons);
            return (
              <article key={post.postId} className="queue-item" aria-labelledby={`held-${post.postId}`}>
                <PostInContext post={post} headingId={`held-${post.postId}`} />
                <p>
                  <strong>{t("queue.heldBecause")}</strong>{" "}
                  {held.reasons
                    .map((reason) =>
                      reason === "blocked_words" && held.blockedWords.length > 0
                        ? t("queue.blockedWordsFound", { words: held.blockedWords.join(", ") })
                        : t(`holdReasons.${reason}`),
                    )
                    .join(" · ")}
                </p>
                <div className="queue-actions">
                  <ActionForm intent="approve" postId={post.postId}>
                    {t("queue.approve")}
                  </ActionForm>
                  <ActionForm intent="reject" postId={post.postId} confirmText={t("queue.confirmReject")} danger>
                    {t("queue.reject")}
                  </ActionForm>
                  {post.authorIsStaff ? null : <SuspendForm memberId={post.authorId} postId={post.postId} defaultUntil={defaultUntil} />}
                </div>
              </article>
            );
          })}
        </section>

        <section className="card" aria-labelledby="suspended-heading">
          <h2 id="suspended-heading">{t("queue.suspendedHeading")}</h2>
          {suspended.length === 0 ? (
            <p className="muted">{t("queue.suspendedNone")}</p>
          ) : (
            <ul className="plain-list">
              {suspended.map((member) => (
                <li key={member.memberId}>
                  {t("queue.by", { name: member.name, handle: member.handle })}
                  {member.accountName ? <> · {t("queue.account", { name: member.accountName })}</> : null} ·{" "}
                  {t("queue.until", { day: format.dateTime(member.until) })}
                  {member.reason ? <> · {member.reason}</> : null}{" "}
                  <ActionForm intent="lift" memberId={member.memberId} confirmText={t("queue.confirmLift")}>
                    {t("queue.lift")}
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

/** The post as members saw it, under its topic's title; a reply shows the question it answers, folded. */
function PostInContext({ post, headingId }: { post: QueuePost; headingId: string }) {
  const { t } = useTranslation("communityModeration");
  const format = useFormat();
  const path = `/community/t/${post.topicId}${post.topicSlug ? `/${post.topicSlug}` : ""}`;
  return (
    <>
      <h3 id={headingId}>
        <Link to={path}>{t("queue.inTopic", { title: post.topicTitle })}</Link>{" "}
        <span className="muted small">{post.postNumber === 1 ? t("queue.openingPost") : t("queue.postNumber", { n: post.postNumber })}</span>
      </h3>
      <p className="muted small">
        {t("queue.by", { name: post.authorName, handle: post.authorHandle })}
        {post.authorIsStaff ? <> · {t("queue.staff")}</> : <> · {t("queue.trust", { level: t(`trustLevels.${post.authorTrustLevel}`) })}</>}
        {post.accountName ? <> · {t("queue.account", { name: post.accountName })}</> : null} · {t("queue.posted", { when: format.dateTime(post.createdAt) })}
        {post.hiddenAt ? <> · {t("queue.alreadyHidden")}</> : null}
      </p>
      {/* Stored post HTML: rendered with raw HTML off and sanitised by an allowlist when written. The post comes first, then
          the question it answers (folded), so the two are not read as one. */}
      <blockquote className="post-body queue-post" dangerouslySetInnerHTML={{ __html: post.html }} />
      {post.openingHtml ? (
        <details className="queue-context">
          <summary>{t("queue.context")}</summary>
          <div className="post-body" dangerouslySetInnerHTML={{ __html: post.openingHtml }} />
        </details>
      ) : null}
    </>
  );
}

function Flags({ flags }: { flags: QueueFlag[] }) {
  const { t } = useTranslation("communityModeration");
  return (
    <div>
      <strong>{t("queue.flagsCount", { count: flags.length })}</strong>
      <ul className="plain-list">
        {flags.map((flag, i) => (
          <li key={i}>
            <span className="badge warn">{t(`flagReasons.${flag.reason}`)}</span> {t("queue.flaggedBy", { name: flag.flaggerName, handle: flag.flaggerHandle })}
            {flag.note ? <> — “{flag.note}”</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One action as its own POST form (works without JavaScript); with it, a confirmation first when the action is hard to undo. */
function ActionForm({
  intent,
  postId,
  memberId,
  confirmText,
  reasonLabel,
  danger,
  children,
}: {
  intent: Intent;
  postId?: number;
  memberId?: number;
  confirmText?: string;
  reasonLabel?: string;
  danger?: boolean;
  children: React.ReactNode;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const id = `${intent}-${postId ?? memberId}`;
  return (
    <Form
      method="post"
      className="inline-form"
      onSubmit={(event) => {
        if (confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      {postId ? <input type="hidden" name="postId" value={postId} /> : null}
      {memberId ? <input type="hidden" name="memberId" value={memberId} /> : null}
      {reasonLabel ? (
        <>
          <label htmlFor={`${id}-reason`} className="visually-hidden">
            {reasonLabel}
          </label>
          <input id={`${id}-reason`} name="reason" type="text" required maxLength={500} placeholder={reasonLabel} />
        </>
      ) : null}{" "}
      <button type="submit" className={danger ? "danger small" : "secondary small"} disabled={busy}>
        {children}
      </button>
    </Form>
  );
}

function SuspendForm({ memberId, postId, defaultUntil }: { memberId: number; postId: number; defaultUntil: string }) {
  const { t } = useTranslation("communityModeration");
  const id = `suspend-${postId}`;
  return (
    <details className="queue-suspend">
      <summary>{t("queue.suspend")}</summary>
      <Form
        method="post"
        onSubmit={(event) => {
          if (!window.confirm(t("queue.confirmSuspend"))) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="suspend" />
        <input type="hidden" name="memberId" value={memberId} />
        <div className="field">
          <label htmlFor={`${id}-until`}>{t("queue.suspendUntil")}</label>
          <input id={`${id}-until`} name="until" type="date" required defaultValue={defaultUntil} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t("queue.suspendReason")}</label>
          <input id={`${id}-reason`} name="reason" type="text" required maxLength={500} />
        </div>
        <button type="submit" className="danger small">
          {t("queue.suspendSubmit")}
        </button>
      </Form>
    </details>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
