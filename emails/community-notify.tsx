import { Heading, Hr, Link, Section, Text } from "@react-email/components";
import { ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome, type EmailT } from "./types";

/** Notification kinds as the emails word them (db/schema/community-notifications.ts). */
export type CommunityNotificationKind = "reply_to_topic" | "reply_to_post" | "mention" | "answer_accepted" | "like" | "watched_topic" | "idea_status";

export type CommunityNotificationProps = {
  kind: CommunityNotificationKind;
  actorName: string;
  topicTitle: string;
  /** The post's text as typed (Markdown shown as text: never HTML). */
  excerpt: string;
  /** Likes coalesce: how many there are now. */
  count: number;
  postUrl: string;
  preferencesUrl: string;
  /** Holds the one-click slot; the worker puts the token in when it sends. */
  unsubscribeUrl: string;
};

const quote = { ...styles.quote };

function Footer({ t, preferencesUrl, unsubscribeUrl, stopLabel }: { t: EmailT; preferencesUrl: string; unsubscribeUrl: string; stopLabel: string }) {
  return (
    <>
      <Hr style={styles.hr} />
      <Text style={styles.small}>
        {t("communityNotify.why")}{" "}
        <Link href={preferencesUrl} style={styles.link}>
          {t("communityNotify.preferences")}
        </Link>
      </Text>
      <Text style={styles.small}>
        <Link href={unsubscribeUrl} style={styles.link}>
          {stopLabel}
        </Link>
      </Text>
    </>
  );
}

const headline = (props: Pick<CommunityNotificationProps, "kind" | "actorName" | "topicTitle" | "count">, t: EmailT) =>
  t(`communityNotify.kinds.${props.kind}.line`, { name: props.actorName, title: props.topicTitle, count: Math.max(props.count - 1, 0) });

/** One event, sent at once to a member who chose instant email. */
export function CommunityNotificationEmail(props: CommunityNotificationProps & EmailChrome) {
  const { t, locale } = props;
  return (
    <EmailLayout locale={locale} t={t} preheader={headline(props, t)}>
      <Heading as="h1" style={styles.h1}>
        {props.topicTitle}
      </Heading>
      <Text style={styles.text}>{headline(props, t)}</Text>
      {props.excerpt ? <Text style={quote}>{props.excerpt}</Text> : null}
      <ButtonWithLink href={props.postUrl} label={t("communityNotify.open")} fallback={t("communityNotify.fallback")} />
      <Footer t={t} preferencesUrl={props.preferencesUrl} unsubscribeUrl={props.unsubscribeUrl} stopLabel={t(`communityNotify.kinds.${props.kind}.stop`)} />
    </EmailLayout>
  );
}

export const communityNotification = defineEmail<CommunityNotificationProps>({
  Component: CommunityNotificationEmail,
  subject: (props, t) =>
    t(`communityNotify.kinds.${props.kind}.subject`, { name: props.actorName, title: props.topicTitle, count: Math.max(props.count - 1, 0) }),
  preview: {
    kind: "reply_to_topic",
    actorName: "Ken Sato",
    topicTitle: "How do I export responses by week?",
    excerpt: "Open Responses, pick the week in the filter and use Export CSV: the file keeps the filter.",
    count: 1,
    postUrl: "https://kizuna.example/community/t/42",
    preferencesUrl: "https://kizuna.example/community/preferences",
    unsubscribeUrl: "https://kizuna.example/community/unsubscribe/KZCOMMUNSUBTOKEN",
  },
});

export type CommunityDigestItem = { kind: CommunityNotificationKind; actorName: string; topicTitle: string; count: number; url: string };

export type CommunityDigestProps = {
  name: string;
  /** The day in the reader's style. */
  day: string;
  items: CommunityDigestItem[];
  /** Items beyond those listed. */
  more: number;
  notificationsUrl: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
};

/** The member's unread notifications since the last digest, once a day at 08:00 team time. */
export function CommunityDigestEmail(props: CommunityDigestProps & EmailChrome) {
  const { t, locale } = props;
  const total = props.items.length + props.more;
  return (
    <EmailLayout locale={locale} t={t} preheader={t("communityNotify.digest.preheader", { count: total })}>
      <Heading as="h1" style={styles.h1}>
        {t("communityNotify.digest.heading", { day: props.day })}
      </Heading>
      <Text style={styles.text}>{t("communityNotify.digest.greeting", { name: props.name, count: total })}</Text>
      <Section>
        {props.items.map((item, index) => (
          <Text key={index} style={styles.text}>
            <Link href={item.url} style={styles.link}>
              {item.topicTitle}
            </Link>
            <br />
            {headline(item, t)}
          </Text>
        ))}
      </Section>
      {props.more > 0 ? <Text style={styles.small}>{t("communityNotify.digest.more", { count: props.more })}</Text> : null}
      <ButtonWithLink href={props.notificationsUrl} label={t("communityNotify.digest.open")} fallback={t("communityNotify.fallback")} />
      <Footer t={t} preferencesUrl={props.preferencesUrl} unsubscribeUrl={props.unsubscribeUrl} stopLabel={t("communityNotify.digest.stop")} />
    </EmailLayout>
  );
}

export const communityDigest = defineEmail<CommunityDigestProps>({
  Component: CommunityDigestEmail,
  subject: (props, t) => t("communityNotify.digest.subject", { count: props.items.length + props.more }),
  preview: {
    name: "Hanako Sato",
    day: "2026-12-07",
    items: [
      {
        kind: "reply_to_topic",
        actorName: "Ken Sato",
        topicTitle: "How do I export responses by week?",
        count: 1,
        url: "https://kizuna.example/community/t/42",
      },
      { kind: "like", actorName: "Yuki Tanaka", topicTitle: "Tip: tag detractors by theme", count: 3, url: "https://kizuna.example/community/t/7" },
    ],
    more: 0,
    notificationsUrl: "https://kizuna.example/community/notifications",
    preferencesUrl: "https://kizuna.example/community/preferences",
    unsubscribeUrl: "https://kizuna.example/community/unsubscribe/KZCOMMUNSUBTOKEN",
  },
});

export type CsmCommunityPost = { accountName: string; authorName: string; topicTitle: string; isQuestion: boolean; excerpt: string; url: string };

export type CommunityCsmDigestProps = { csmName: string; day: string; posts: CsmCommunityPost[]; more: number; communityUrl: string };

/** A CSM's morning list of what members of their high- and low-touch accounts wrote in the community. */
export function CommunityCsmDigestEmail(props: CommunityCsmDigestProps & EmailChrome) {
  const { t, locale } = props;
  const total = props.posts.length + props.more;
  return (
    <EmailLayout locale={locale} t={t} preheader={t("communityNotify.csmDigest.preheader", { count: total })}>
      <Heading as="h1" style={styles.h1}>
        {t("communityNotify.csmDigest.heading", { day: props.day })}
      </Heading>
      <Text style={styles.text}>{t("communityNotify.csmDigest.intro", { name: props.csmName, count: total })}</Text>
      {props.posts.map((post, index) => (
        <Section key={index}>
          <Text style={styles.text}>
            <strong>{post.accountName}</strong> · {post.authorName}
            <br />
            <Link href={post.url} style={styles.link}>
              {post.isQuestion ? t("communityNotify.csmDigest.question", { title: post.topicTitle }) : post.topicTitle}
            </Link>
          </Text>
          {post.excerpt ? <Text style={quote}>{post.excerpt}</Text> : null}
        </Section>
      ))}
      {props.more > 0 ? <Text style={styles.small}>{t("communityNotify.csmDigest.more", { count: props.more })}</Text> : null}
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("communityNotify.csmDigest.why")}</Text>
    </EmailLayout>
  );
}

export const communityCsmDigest = defineEmail<CommunityCsmDigestProps>({
  Component: CommunityCsmDigestEmail,
  subject: (props, t) => t("communityNotify.csmDigest.subject", { count: props.posts.length + props.more }),
  preview: {
    csmName: "Yuki Tanaka",
    day: "2026-12-07",
    posts: [
      {
        accountName: "Shibuya Robotics",
        authorName: "Ken Sato",
        topicTitle: "Can we survey two products separately?",
        isQuestion: true,
        excerpt: "We sell two products and want one NPS per product.",
        url: "https://kizuna.example/community/t/42",
      },
    ],
    more: 0,
    communityUrl: "https://kizuna.example/community",
  },
});

export type CommunityUnansweredProps = {
  csmName: string;
  accountName: string;
  authorName: string;
  topicTitle: string;
  hours: number;
  excerpt: string;
  url: string;
};

/** Once per question: a member of the CSM's account asked in Q&A and nobody answered in time. */
export function CommunityUnansweredEmail(props: CommunityUnansweredProps & EmailChrome) {
  const { t, locale } = props;
  return (
    <EmailLayout locale={locale} t={t} preheader={t("communityNotify.unanswered.preheader", { account: props.accountName, count: props.hours })}>
      <Heading as="h1" style={styles.h1}>
        {props.topicTitle}
      </Heading>
      <Text style={styles.text}>
        {t("communityNotify.unanswered.intro", { name: props.csmName, author: props.authorName, account: props.accountName, count: props.hours })}
      </Text>
      {props.excerpt ? <Text style={quote}>{props.excerpt}</Text> : null}
      <ButtonWithLink href={props.url} label={t("communityNotify.unanswered.open")} fallback={t("communityNotify.fallback")} />
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("communityNotify.unanswered.why")}</Text>
    </EmailLayout>
  );
}

export const communityUnanswered = defineEmail<CommunityUnansweredProps>({
  Component: CommunityUnansweredEmail,
  subject: (props, t) => t("communityNotify.unanswered.subject", { account: props.accountName, title: props.topicTitle }),
  preview: {
    csmName: "Yuki Tanaka",
    accountName: "Shibuya Robotics",
    authorName: "Ken Sato",
    topicTitle: "Can we survey two products separately?",
    hours: 24,
    excerpt: "We sell two products and want one NPS per product.",
    url: "https://kizuna.example/community/t/42",
  },
});
