import { useTranslation } from "react-i18next";
import { avatarInitials } from "../domain/community-rules";
import type { TopicItem } from "../services/community-lists.server";
import type { TopicPage } from "../services/community-topic-page.server";
import { useNonce } from "../utils/nonce";
import { SplitPick } from "./community-topic-moderation";
import { useFormat } from "./use-format";

/** A category's colour as a dot: an SVG fill, not an inline style, so the CSP stays strict. */
export function CategoryDot({ colour, size = 10 }: { colour: string; size?: number }) {
  return (
    <svg className="category-dot" width={size} height={size} viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <circle cx="5" cy="5" r="5" fill={colour} />
    </svg>
  );
}

/** A list's page links: the next page (a keyset cursor in the URL) and the way back to the first. */
export function ListPager({ next, first }: { next: string | null; first: string | null }) {
  const { t } = useTranslation("community");
  if (!next && !first) return null;
  return (
    <nav className="list-pager" aria-label={t("home.pagesLabel")}>
      {first ? <a href={first}>{t("home.backToFirst")}</a> : <span />}
      {next ? (
        <a className="button secondary small" href={next} rel="next">
          {t("home.more")}
        </a>
      ) : null}
    </nav>
  );
}

/** A category's name with its colour as a dot. */
export function CategoryBadge({ category, link = true }: { category: { slug: string; name: string; colour: string }; link?: boolean }) {
  const inner = (
    <>
      <CategoryDot colour={category.colour} />
      {category.name}
    </>
  );
  return link ? (
    <a className="category-badge" href={`/community/c/${category.slug}`}>
      {inner}
    </a>
  ) : (
    <span className="category-badge">{inner}</span>
  );
}

export function Avatar({ name, size = "small" }: { name: string; size?: "small" | "large" }) {
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {avatarInitials(name)}
    </span>
  );
}

export function TeamBadge() {
  const { t } = useTranslation("community");
  return <span className="badge team-badge">{t("team")}</span>;
}

/** A list of topics: title, category, counts and the last post's date; pinned, solved and closed marked in words. */
export function TopicList({ topics, showCategory = true }: { topics: TopicItem[]; showCategory?: boolean }) {
  const { t } = useTranslation("community");
  const format = useFormat();
  return (
    <ul className="topic-list" role="list">
      {topics.map((topic) => (
        <li key={topic.id} className="topic-row">
          <div className="topic-main">
            <a className="topic-title" href={topic.path}>
              {topic.title}
            </a>
            <div className="topic-meta">
              {topic.pinned ? <span className="badge info">{t("list.pinned")}</span> : null}
              {topic.solved ? <span className="badge good">{t("list.solved")}</span> : null}
              {topic.locked ? <span className="badge">{t("list.locked")}</span> : null}
              {topic.hidden ? <span className="badge warn">{t("list.hidden")}</span> : null}
              {showCategory && topic.category ? <CategoryBadge category={topic.category} /> : null}
              <span className="muted">
                {t("list.startedBy", { name: topic.authorName })}
                {topic.authorIsStaff ? (
                  <>
                    {" "}
                    <TeamBadge />
                  </>
                ) : null}
              </span>
            </div>
          </div>
          <div className="topic-stats">
            <span>{t("list.replies", { count: topic.replies })}</span>
            <span>{t("list.likes", { count: topic.likes })}</span>
            <span className="muted">{t("list.lastPost", { date: format.date(topic.lastPostedAt) })}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

type PostCardPost = TopicPage["posts"][number];

/**
 * One post: its author (avatar initials, display name, team badge, company when shown), when it
 * was written, what it replies to, its body (HTML from the renderer, already sanitised), and the
 * actions this reader may take, each a plain form or link.
 */
export function PostCard({
  post,
  role,
  topic,
  page,
  staff,
  editing,
  editError,
  splitPick,
}: {
  post: PostCardPost;
  role: "question" | "accepted" | "reply";
  topic: TopicPage["topic"];
  page: number;
  staff: boolean;
  editing: { id: number; number: number; source: string; title: string | null } | null;
  editError?: { message: string; field: string | null; values: Record<string, string> };
  /** A moderator choosing replies to split off: this reply's tick, checked or not (absent otherwise). */
  splitPick?: { checked: boolean };
}) {
  const { t } = useTranslation("community");
  const format = useFormat();
  const here = page === 1 ? topic.path : `${topic.path}?page=${page}`;
  const step = (name: string) => `${topic.path}?${page > 1 ? `page=${page}&` : ""}${name}=${post.id}`;
  const isAccepted = topic.solved && role !== "question" && post.id === topic.acceptedPostId;
  const headingId = role === "accepted" ? "accepted-answer-heading" : `post-${post.number}-heading`;
  const muted = post.deleted || post.hidden || post.state !== "published";
  return (
    <article
      className={`post${role === "accepted" ? " is-accepted" : ""}${muted ? " is-muted" : ""}`}
      id={role === "accepted" ? "accepted-answer" : `post-${post.number}`}
      aria-labelledby={headingId}
    >
      {role === "accepted" ? (
        <p className="post-label">
          <CheckMark /> {t("topic.acceptedAnswer")}
        </p>
      ) : null}
      <header className="post-header">
        <Avatar name={post.author.name} />
        <div className="post-author">
          <h2 className="post-author-name" id={headingId}>
            <a href={`/community/u/${post.author.handle}`}>{post.author.name}</a>
            {post.author.staff ? <TeamBadge /> : null}
            {post.author.badges.map((badge) => (
              <span key={badge} className="badge info small-badge">
                {t(`communityModeration:badges.${badge}`)}
              </span>
            ))}
            {post.author.company ? <span className="muted post-company">{post.author.company}</span> : null}
          </h2>
          <span className="post-when">
            <time dateTime={post.createdAt}>{format.dateTime(post.createdAt)}</time>
            {post.editedAt ? ` · ${t("topic.edited")}` : null}
          </span>
        </div>
        <a className="post-number" href={role === "accepted" ? `${here}#post-${post.number}` : `#post-${post.number}`}>
          {role === "question" ? t("topic.question") : `#${post.number}`}
        </a>
      </header>
      {post.replyTo && role !== "accepted" ? (
        <p className="post-reply-to">
          <a href={post.replyTo.href}>{t("topic.inReplyTo", { name: post.replyTo.name, number: post.replyTo.number })}</a>
        </p>
      ) : null}
      {isAccepted && role === "reply" ? (
        <p className="post-label">
          <CheckMark /> {t("topic.acceptedAnswer")}
        </p>
      ) : null}
      {post.state === "held" ? <p className="badge warn">{t("topic.held")}</p> : null}
      {post.hidden ? <p className="badge warn">{t("topic.hidden")}</p> : null}
      {post.deleted ? (
        <p className="muted flush">{t("topic.deleted")}</p>
      ) : editing && role !== "accepted" ? (
        <EditPostForm post={editing} action={`${step("edit")}#post-${post.number}`} cancel={`${here}#post-${post.number}`} error={editError} />
      ) : (
        // The renderer's HTML: Markdown with raw HTML off, then an allowlist sanitiser (app/utils/markdown.server.ts).
        <div className="post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
      )}
      {role === "accepted" ? (
        <p className="flush">
          <a href={`${here}#post-${post.number}`}>{t("topic.seeInThread", { number: post.number })}</a>
        </p>
      ) : null}
      {splitPick && role === "reply" && post.number > 1 && !post.deleted ? (
        <SplitPick postId={post.id} number={post.number} checked={splitPick.checked} />
      ) : null}
      {!post.deleted && !(editing && role !== "accepted") ? (
        <div className="post-actions" role="group" aria-label={t("topic.postActions", { number: post.number })}>
          {post.may.like ? (
            <form method="post" action={topic.path}>
              <input type="hidden" name="intent" value={post.likedByMe ? "unlike" : "like"} />
              <input type="hidden" name="postId" value={post.id} />
              <button type="submit" className={`secondary small${post.likedByMe ? " is-liked" : ""}`} aria-pressed={post.likedByMe}>
                <HeartMark /> {t("topic.like")}
              </button>
            </form>
          ) : null}
          <span className="muted">{t("topic.likes", { count: post.likes })}</span>
          <span className="spacer" />
          {post.may.accept && role === "reply" && !isAccepted ? (
            <form method="post" action={topic.path}>
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="postId" value={post.id} />
              <button type="submit" className="secondary small">
                <CheckMark /> {t("topic.accept")}
              </button>
            </form>
          ) : null}
          {role === "accepted" && topic.mayUnaccept ? (
            <form method="post" action={topic.path}>
              <input type="hidden" name="intent" value="unaccept" />
              <input type="hidden" name="postId" value={post.id} />
              <button type="submit" className="secondary small">
                {t("topic.unaccept")}
              </button>
            </form>
          ) : null}
          {!topic.locked && post.may.reply && role !== "accepted" ? (
            <a className="button secondary small" href={`${step("replyTo")}#reply-title`}>
              {t("topic.reply")}
            </a>
          ) : null}
          {post.may.edit && role !== "accepted" ? (
            <a className="button secondary small" href={`${step("edit")}#post-${post.number}`}>
              {t("topic.edit")}
            </a>
          ) : null}
          {staff && post.editedAt && role !== "accepted" ? (
            <a className="button secondary small" href={`${step("history")}#history-title`}>
              {t("topic.history")}
            </a>
          ) : null}
          {post.may.flag && role !== "accepted" ? (
            <a className="button secondary small" href={`${step("flag")}#flag-title`}>
              {t("flag.action")}
            </a>
          ) : null}
          {post.may.delete && role !== "accepted" ? (
            <a className="button danger small" href={`${step("delete")}#delete-title`}>
              {t("topic.delete")}
            </a>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

function EditPostForm({
  post,
  action,
  cancel,
  error,
}: {
  post: { id: number; number: number; source: string; title: string | null };
  action: string;
  cancel: string;
  error?: { message: string; field: string | null; values: Record<string, string> };
}) {
  const { t } = useTranslation("community");
  const fieldError = (field: string) => (error && (error.field ?? "body") === field ? error.message : null);
  return (
    <form method="post" action={action} className="composer" aria-label={t("topic.editHeading", { number: post.number })}>
      <input type="hidden" name="intent" value="edit" />
      <input type="hidden" name="postId" value={post.id} />
      {post.title !== null ? (
        <TextField
          name="title"
          id={`edit-title-${post.id}`}
          label={t("topic.titleLabel")}
          defaultValue={error?.values.title ?? post.title}
          error={fieldError("title")}
        />
      ) : null}
      <TextField
        name="body"
        id={`edit-body-${post.id}`}
        label={t("topic.bodyLabel")}
        hint={t("topic.markdownHint")}
        defaultValue={error?.values.body ?? post.source}
        error={fieldError("body")}
        multiline
      />
      <div className="composer-actions">
        <button type="submit">{t("topic.save")}</button>
        <a href={cancel}>{t("topic.cancel")}</a>
      </div>
    </form>
  );
}

/** A labelled text input or textarea with its hint and its error, tied together for screen readers. */
export function TextField({
  name,
  id,
  label,
  hint,
  defaultValue,
  error,
  multiline = false,
  required = true,
}: {
  name: string;
  id: string;
  label: string;
  hint?: string;
  defaultValue?: string;
  error?: string | null;
  multiline?: boolean;
  required?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = { id, name, defaultValue, required, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {multiline ? <textarea {...common} /> : <input type="text" {...common} />}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A topic's page links: every page when there are few, else the first, the last and the ones around this one. */
export function TopicPager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation("community");
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav className="topic-pager" aria-label={t("topic.pagesLabel")}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {t("topic.previous")}
        </a>
      ) : null}
      {shown.map((n, index) => (
        <span key={n} className="topic-pager-item">
          {index > 0 && n - shown[index - 1] > 1 ? "… " : null}
          <a href={href(n)} aria-current={n === page ? "page" : undefined} aria-label={t("topic.page", { page: n, pages })}>
            {n}
          </a>
        </span>
      ))}
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {t("topic.next")}
        </a>
      ) : null}
    </nav>
  );
}

/** The drafts script (public/community-drafts.js): keeps the text of forms marked `data-draft` on this device until they are sent. */
export function DraftScript() {
  const nonce = useNonce();
  return <script src="/community-drafts.js" nonce={nonce} defer />;
}

function CheckMark() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 12.5l5 5L20 6.5" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function HeartMark() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z" fill="currentColor" />
    </svg>
  );
}

export type MemberBadge = { key: string; name: string; description: string };

/** A member's badges on their profile; with none it renders nothing. */
export function MemberBadges({ badges }: { badges: MemberBadge[] }) {
  const { t } = useTranslation("community");
  if (badges.length === 0) return null;
  return (
    <section aria-labelledby="member-badges">
      <h2 id="member-badges">{t("profile.badges")}</h2>
      <ul className="member-badges" role="list">
        {badges.map((badge) => (
          <li key={badge.key} className="badge info" title={badge.description || undefined}>
            {badge.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
