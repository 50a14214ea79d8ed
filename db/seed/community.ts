import { earnedBadges, type BadgeCounters } from "../../app/domain/community-badges";
import { handleBase, uniqueHandle } from "../../app/domain/community-handle";
import { awardBadges } from "../../app/services/community-badges.server";
import { topicSlug } from "../../app/domain/community-rules";
import { MARKDOWN_RENDER_VERSION, renderMarkdown } from "../../app/utils/markdown.server";
import { DAY_MS } from "./calendar";
import { indexPostsFrom } from "./community-large";
import { ANNOUNCEMENTS, ANSWERS, FEATURES, FLAGGED_REPLIES, FOLLOW_UPS, QUESTIONS, STAFF_REPLIES, TIPS, type Language } from "./community-content";
import type { SeedContext, SeedStep } from "./context";
import type { Rng } from "./random";

const HOUR_MS = 3_600_000;

/** How much community the demo gets; the large scale's community is loaded on its own (not here). */
const PLAN = { topics: 320, days: 180, staffMembers: 4 } as const;
/** Share of each segment's contacts who take part: tech-touch customers lean on the community most. */
const JOIN_SHARE = { high: 0.12, low: 0.16, tech: 0.3 } as const;

type Member = { id: number; language: Language; staff: boolean; joinedMs: number };
type Post = { id: number; authorId: number; createdMs: number };

function fill(text: string, feature: string): string {
  return text.replaceAll("{f}", feature);
}

/** Somebody in `pool` who had joined by `atMs`, other than those in `not`, or null. */
function someoneElse(rng: Rng, pool: readonly Member[], not: ReadonlySet<number>, atMs: number): Member | null {
  for (let tries = 0; tries < 20; tries++) {
    const member = rng.pick(pool);
    if (member && !not.has(member.id) && member.joinedMs < atMs) return member;
  }
  return null;
}

/**
 * A lively bilingual community on the demo accounts: a share of each account's contacts are
 * members (writing in their own language), a few CSMs take part as staff and post the
 * announcements; questions get answers after minutes to days, about half are accepted, some wait
 * unanswered (a handful past a day, for the console's queue); posts get likes. Bodies are Markdown
 * rendered by the app's renderer. A few replies in both languages break the guidelines and wait in
 * the moderation queue with members' flags. Badges are awarded by the app's own `awardBadges`,
 * replaying the activity in time order, so each is dated when it was earned. Every counter
 * (topics, categories, members) is set from a recount at the end, so they agree with the rows; the
 * participation triggers roll them up per account.
 */
export const communityStep: SeedStep = {
  name: "community",
  run(ctx): Record<string, number> {
    if (ctx.scale !== "demo" || ctx.contacts.length === 0) return { communityMembers: 0, communityTopics: 0, communityPosts: 0, communityLikes: 0 };
    const rng = ctx.rng("community");
    const sqlite = ctx.sqlite;
    const endMs = ctx.todayMs;
    const category = Object.fromEntries(
      sqlite
        .prepare<[], { slug: string; id: number }>("SELECT slug, id FROM community_categories WHERE slug IN ('questions', 'tips', 'announcements')")
        .all()
        .map((row) => [row.slug, row.id]),
    ) as Record<"questions" | "tips" | "announcements", number>;
    if (!category.questions || !category.tips || !category.announcements) return { communityMembers: 0 };

    const insertMember = sqlite.prepare(
      "INSERT INTO community_members (contact_id, user_id, handle, display_name, title, guidelines_accepted_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const taken = new Set<string>(
      sqlite
        .prepare<[], { h: string }>("SELECT lower(handle) AS h FROM community_members")
        .all()
        .map((row) => row.h),
    );
    const handleFor = (name: string | null, email: string) => {
      const handle = uniqueHandle(handleBase(name, email), (candidate) => taken.has(candidate.toLowerCase()));
      taken.add(handle.toLowerCase());
      return handle;
    };

    // Members: contacts by their segment's share, joining some days after they became contacts.
    const segmentOf = new Map(ctx.accounts.map((account) => [account.id, account.segment]));
    const person = sqlite.prepare<[number], { name: string | null; title: string | null }>("SELECT name, title FROM contacts WHERE id = ?");
    const members: Member[] = [];
    for (const contact of ctx.contacts) {
      const segment = segmentOf.get(contact.accountId) ?? "tech";
      if (contact.unsubscribedMs !== null || !rng.chance(JOIN_SHARE[segment])) continue;
      const joinedMs = Math.min(endMs - DAY_MS, Math.max(contact.createdMs, endMs - 400 * DAY_MS) + rng.int(1, 60) * DAY_MS + rng.int(0, 86_399) * 1000);
      const { name, title } = person.get(contact.id)!;
      const displayName = name ?? contact.email.split("@")[0];
      const { lastInsertRowid } = insertMember.run(contact.id, null, handleFor(name, contact.email), displayName, title ?? "", joinedMs, joinedMs);
      members.push({ id: Number(lastInsertRowid), language: contact.locale, staff: false, joinedMs });
    }
    // Staff: a few CSMs, Japanese speakers and English speakers both.
    const staffUsers = [
      ...ctx.csms.filter((csm) => csm.speaksJapanese).slice(0, PLAN.staffMembers / 2),
      ...ctx.csms.filter((csm) => !csm.speaksJapanese).slice(0, PLAN.staffMembers / 2),
    ];
    const userName = sqlite.prepare<[number], { name: string }>("SELECT name FROM users WHERE id = ?");
    const staff: Member[] = staffUsers.map((csm) => {
      const joinedMs = endMs - 400 * DAY_MS;
      const name = userName.get(csm.id)!.name;
      const { lastInsertRowid } = insertMember.run(
        null,
        csm.id,
        handleFor(csm.speaksJapanese ? null : name, csm.email),
        name,
        "Customer Success",
        joinedMs,
        joinedMs,
      );
      return { id: Number(lastInsertRowid), language: csm.speaksJapanese ? "ja" : "en", staff: true, joinedMs };
    });
    const byLanguage: Record<Language, Member[]> = { en: members.filter((m) => m.language === "en"), ja: members.filter((m) => m.language === "ja") };
    const staffByLanguage: Record<Language, Member[]> = { en: staff.filter((m) => m.language === "en"), ja: staff.filter((m) => m.language === "ja") };
    if (members.length < 2 || staff.length === 0) return { communityMembers: members.length + staff.length };

    const insertTopic = sqlite.prepare(
      "INSERT INTO community_topics (category_id, author_id, title, slug, created_at, last_posted_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const insertPost = sqlite.prepare(
      "INSERT INTO community_posts (topic_id, author_id, post_number, reply_to_post_id, source, html, render_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const acceptPost = sqlite.prepare("UPDATE community_topics SET accepted_post_id = ?, accepted_at = ? WHERE id = ?");
    const insertLike = sqlite.prepare("INSERT INTO community_likes (post_id, member_id, created_at) VALUES (?, ?, ?)");
    const html = new Map<string, string>();
    const rendered = (source: string) => {
      let out = html.get(source);
      if (out === undefined) html.set(source, (out = renderMarkdown(source)));
      return out;
    };

    const posts: Post[] = [];
    const made: MadeTopic[] = [];
    let topicCount = 0;
    let likeCount = 0;
    for (let i = 0; i < PLAN.topics; i++) {
      const kind = rng.weighted([
        ["questions", 62],
        ["tips", 27],
        ["announcements", 11],
      ] as const);
      const language: Language = rng.chance(0.62) ? "ja" : "en";
      const pool = byLanguage[language].length > 0 ? byLanguage[language] : members;
      // A few topics are kept for the last days (some questions still waiting); the rest spread over the months.
      const ageDays = i < 10 ? rng.next() * 6 + 0.2 : rng.next() * PLAN.days + 0.5;
      const createdMs = Math.round(endMs - ageDays * DAY_MS);
      const author =
        kind === "announcements"
          ? rng.pick(staffByLanguage[language].length ? staffByLanguage[language] : staff)
          : someoneElse(rng, pool, new Set(), createdMs);
      if (!author) continue;
      const feature = rng.pick(FEATURES[language]);
      const text = rng.pick((kind === "questions" ? QUESTIONS : kind === "tips" ? TIPS : ANNOUNCEMENTS)[language]);
      const filled = fill(text.title, feature);
      const title = filled.charAt(0).toUpperCase() + filled.slice(1);
      const { lastInsertRowid } = insertTopic.run(category[kind], author.id, title, topicSlug(title), createdMs, createdMs);
      const topicId = Number(lastInsertRowid);
      topicCount++;
      const source = fill(text.body, feature);
      const opening = insertPost.run(topicId, author.id, 1, null, source, rendered(source), MARKDOWN_RENDER_VERSION, createdMs);
      const topicPosts: Post[] = [{ id: Number(opening.lastInsertRowid), authorId: author.id, createdMs }];

      let at = createdMs;
      const reply = (by: Member, body: string, delayMs: number, replyTo: number | null = null): Post | null => {
        at += delayMs;
        if (at >= endMs) return null;
        const { lastInsertRowid: postId } = insertPost.run(topicId, by.id, topicPosts.length + 1, replyTo, body, rendered(body), MARKDOWN_RENDER_VERSION, at);
        const post = { id: Number(postId), authorId: by.id, createdMs: at };
        topicPosts.push(post);
        return post;
      };
      const delay = (minHours: number, maxHours: number) => Math.round(rng.logUniform(minHours, maxHours) * HOUR_MS);

      if (kind === "questions") {
        // The first ten (the last days) include questions still waiting, some past a day.
        const waits = i < 10 ? rng.chance(0.6) : rng.chance(0.03);
        if (waits) {
          if (rng.chance(0.3)) reply(author, fill(rng.pick(FOLLOW_UPS[language]), feature), delay(2, 20));
        } else {
          const answers: Post[] = [];
          const helpers = rng.int(1, 4);
          const seen = new Set([author.id]);
          for (let h = 0; h < helpers; h++) {
            const helper = rng.chance(0.2) ? rng.pick(staffByLanguage[language].length ? staffByLanguage[language] : staff) : someoneElse(rng, pool, seen, at);
            if (!helper || seen.has(helper.id)) continue;
            seen.add(helper.id);
            const body = fill(rng.pick(helper.staff ? STAFF_REPLIES[language] : ANSWERS[language]), feature);
            const post = reply(helper, body, h === 0 ? delay(0.3, 60) : delay(0.5, 30));
            if (post) answers.push(post);
          }
          if (answers.length > 0 && rng.chance(0.55)) {
            const accepted = rng.pick(answers);
            const acceptedMs = Math.max(at, accepted.createdMs) + delay(0.5, 48);
            if (acceptedMs < endMs) {
              acceptPost.run(accepted.id, acceptedMs, topicId);
              at = acceptedMs;
              if (rng.chance(0.6)) reply(author, FOLLOW_UPS[language][0], delay(0.05, 1), accepted.id);
            }
          }
        }
      } else {
        const followUps = kind === "tips" ? rng.int(0, 5) : rng.int(0, 3);
        const seen = new Set([author.id]);
        for (let f = 0; f < followUps; f++) {
          const by = someoneElse(rng, pool, seen, at);
          if (!by) continue;
          seen.add(by.id);
          reply(by, fill(rng.pick(FOLLOW_UPS[language]), feature), delay(0.5, 72));
        }
      }

      // Likes: helpful answers and tips collect the most.
      for (const post of topicPosts) {
        const likes = rng.weighted([
          [0, 50],
          [1, 25],
          [2, 14],
          [4, 8],
          [7, 3],
        ] as const);
        const likers = new Set([post.authorId]);
        for (let l = 0; l < likes; l++) {
          const likedMs = post.createdMs + delay(0.2, 96);
          const liker = someoneElse(rng, rng.chance(0.8) ? pool : members, likers, likedMs);
          if (!liker || likedMs >= endMs) continue;
          likers.add(liker.id);
          insertLike.run(post.id, liker.id, likedMs);
          likeCount++;
        }
      }
      posts.push(...topicPosts);
      made.push({ id: topicId, language, authorId: author.id, posts: topicPosts.length, lastMs: topicPosts.at(-1)!.createdMs });
    }

    // After the community, so the rest of it is the same with or without them.
    const flagged = flagSomeReplies(ctx, made, byLanguage, (topicId, by, number, atMs, body) => {
      const { lastInsertRowid } = insertPost.run(topicId, by, number, null, body, rendered(body), MARKDOWN_RENDER_VERSION, atMs);
      posts.push({ id: Number(lastInsertRowid), authorId: by, createdMs: atMs });
      return Number(lastInsertRowid);
    });
    const badges = awardBadgesAsEarned(ctx);
    recountCommunity(ctx);
    // The demo's posts are findable in the community search, as posts written through the services are.
    indexPostsFrom(sqlite, 1);
    return {
      communityMembers: members.length + staff.length,
      communityTopics: topicCount,
      communityPosts: posts.length,
      communityLikes: likeCount,
      communityFlags: flagged,
      communityBadges: badges,
    };
  },
};

type MadeTopic = { id: number; language: Language; authorId: number; posts: number; lastMs: number };

/**
 * The demo's moderation queue: each of `FLAGGED_REPLIES` lands in a recent topic of its language,
 * written by a member (not the asker) after the topic's last post, and other members flag it.
 * Returns how many flags were written.
 */
function flagSomeReplies(
  ctx: SeedContext,
  made: readonly MadeTopic[],
  byLanguage: Record<Language, Member[]>,
  writeReply: (topicId: number, authorId: number, postNumber: number, atMs: number, body: string) => number,
): number {
  const rng = ctx.rng("community-flags");
  const insertFlag = ctx.sqlite.prepare("INSERT INTO community_flags (post_id, member_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?)");
  const used = new Set<number>();
  let flags = 0;
  for (const language of ["en", "ja"] as const) {
    // Conversations (a reply or more) quiet for two days within the last month: the reply comes after, the flags before
    // today, and no waiting question gets a spam reply for its first answer.
    const recent = made.filter(
      (topic) => topic.language === language && topic.posts >= 2 && topic.lastMs < ctx.todayMs - 2 * DAY_MS && topic.lastMs > ctx.todayMs - 30 * DAY_MS,
    );
    for (const reply of FLAGGED_REPLIES[language]) {
      const topic = someTopic(rng, recent, used);
      if (!topic) continue;
      used.add(topic.id);
      const author = someoneElse(rng, byLanguage[language], new Set([topic.authorId]), topic.lastMs);
      if (!author) continue;
      const atMs = topic.lastMs + rng.int(1, 24) * HOUR_MS;
      const postId = writeReply(topic.id, author.id, ++topic.posts, atMs, reply.body);
      const flaggers = new Set([author.id]);
      reply.flags.forEach((flag, n) => {
        const flagger = someoneElse(rng, byLanguage[language], flaggers, atMs);
        if (!flagger) return;
        flaggers.add(flagger.id);
        insertFlag.run(postId, flagger.id, flag.reason, flag.note, atMs + (n + 1) * rng.int(1, 10) * HOUR_MS);
        flags++;
      });
    }
  }
  return flags;
}

function someTopic(rng: Rng, topics: readonly MadeTopic[], used: ReadonlySet<number>): MadeTopic | null {
  for (let tries = 0; tries < 20; tries++) {
    const topic = rng.pick(topics);
    if (topic && !used.has(topic.id)) return topic;
  }
  return null;
}

/**
 * Badges as the app awards them: the activity (published posts, likes received, accepted answers)
 * replayed in time order, each moving its member's counter as the posting services do and then
 * calling the app's `awardBadges`, so a badge is dated when its counter crossed the line. The
 * counters are set again from a recount afterwards. Returns how many badges were awarded.
 */
const COUNTER_FIELD = {
  topic_count: "topicCount",
  reply_count: "replyCount",
  likes_received: "likesReceived",
  accepted_answer_count: "acceptedAnswerCount",
} as const satisfies Record<string, keyof BadgeCounters>;

/**
 * For a later seed step that adds community posts (the ideas board): badges awarded again from all
 * the activity (a member's first post may now be an idea), every counter recounted, and the new
 * posts indexed, so the demo still agrees with a recount. Returns how many badges are held.
 */
export function settleCommunityActivity(ctx: SeedContext, firstNewPostId: number): number {
  ctx.sqlite.exec("DELETE FROM community_member_badges");
  const badges = awardBadgesAsEarned(ctx);
  recountCommunity(ctx);
  indexPostsFrom(ctx.sqlite, firstNewPostId);
  return badges;
}

function awardBadgesAsEarned(ctx: SeedContext): number {
  const events = ctx.sqlite
    .prepare<[], { memberId: number; at: number; counter: "topic_count" | "reply_count" | "likes_received" | "accepted_answer_count" }>(
      `SELECT author_id AS memberId, created_at AS at, CASE WHEN post_number = 1 THEN 'topic_count' ELSE 'reply_count' END AS counter
         FROM community_posts WHERE state = 'published' AND hidden_at IS NULL AND deleted_at IS NULL
       UNION ALL
       SELECT p.author_id, l.created_at, 'likes_received' FROM community_likes l JOIN community_posts p ON p.id = l.post_id
       UNION ALL
       SELECT p.author_id, t.accepted_at, 'accepted_answer_count' FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id
       ORDER BY at, memberId, counter`,
    )
    .all();
  ctx.sqlite.exec("UPDATE community_members SET topic_count = 0, reply_count = 0, likes_received = 0, accepted_answer_count = 0");
  const bump = {
    topic_count: ctx.sqlite.prepare("UPDATE community_members SET topic_count = topic_count + 1 WHERE id = ?"),
    reply_count: ctx.sqlite.prepare("UPDATE community_members SET reply_count = reply_count + 1 WHERE id = ?"),
    likes_received: ctx.sqlite.prepare("UPDATE community_members SET likes_received = likes_received + 1 WHERE id = ?"),
    accepted_answer_count: ctx.sqlite.prepare("UPDATE community_members SET accepted_answer_count = accepted_answer_count + 1 WHERE id = ?"),
  };
  // The app's award is asked only when the rule says a counter just earned something (a few hundred
  // times, not once per event): the in-memory counters mirror the table's.
  const counters = new Map<number, BadgeCounters>();
  let awarded = 0;
  for (const event of events) {
    bump[event.counter].run(event.memberId);
    const before = counters.get(event.memberId) ?? { topicCount: 0, replyCount: 0, acceptedAnswerCount: 0, likesReceived: 0 };
    const after = { ...before, [COUNTER_FIELD[event.counter]]: before[COUNTER_FIELD[event.counter]] + 1 };
    counters.set(event.memberId, after);
    if (earnedBadges(after).length > earnedBadges(before).length) awarded += awardBadges(ctx.db, event.memberId, event.at).length;
  }
  return awarded;
}

/**
 * Sets every community counter from the rows (as the services would have kept them), so the demo
 * never disagrees with a recount; then trust levels and last visits from each member's activity.
 */
export function recountCommunity(ctx: Pick<SeedContext, "sqlite" | "todayMs">) {
  const visible = "p.state = 'published' AND p.hidden_at IS NULL AND p.deleted_at IS NULL";
  ctx.sqlite.exec(`
    UPDATE community_posts SET like_count = (SELECT count(*) FROM community_likes l WHERE l.post_id = community_posts.id);
    UPDATE community_topics SET
      reply_count = (SELECT count(*) FROM community_posts p WHERE p.topic_id = community_topics.id AND p.post_number > 1 AND ${visible}),
      like_count = (SELECT coalesce(sum(p.like_count), 0) FROM community_posts p WHERE p.topic_id = community_topics.id AND ${visible}),
      last_posted_at = (SELECT max(p.created_at) FROM community_posts p WHERE p.topic_id = community_topics.id AND ${visible});
    UPDATE community_categories SET
      topic_count = (SELECT count(*) FROM community_topics t WHERE t.category_id = community_categories.id AND t.deleted_at IS NULL),
      post_count = (SELECT count(*) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id
        WHERE t.category_id = community_categories.id AND t.deleted_at IS NULL AND ${visible});
    UPDATE community_members SET
      topic_count = (SELECT count(*) FROM community_topics t WHERE t.author_id = community_members.id AND t.deleted_at IS NULL),
      reply_count = (SELECT count(*) FROM community_posts p WHERE p.author_id = community_members.id AND p.post_number > 1 AND ${visible}),
      accepted_answer_count = (SELECT count(*) FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id WHERE p.author_id = community_members.id),
      likes_received = (SELECT count(*) FROM community_likes l JOIN community_posts p ON p.id = l.post_id WHERE p.author_id = community_members.id),
      likes_given = (SELECT count(*) FROM community_likes l WHERE l.member_id = community_members.id),
      last_posted_at = (SELECT max(p.created_at) FROM community_posts p WHERE p.author_id = community_members.id AND ${visible});
    UPDATE community_members SET
      trust_level = CASE
        WHEN user_id IS NOT NULL OR topic_count + reply_count >= 15 THEN 'regular'
        WHEN topic_count + reply_count >= 6 THEN 'member'
        WHEN topic_count + reply_count + likes_given >= 2 THEN 'basic'
        ELSE 'new' END,
      last_seen_at = min(${ctx.todayMs}, coalesce(last_posted_at, created_at) + ((id * 2654435761) % 20) * ${DAY_MS});
  `);
}
