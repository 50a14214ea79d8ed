import { Button, Heading, Hr, Link, Section, Text } from "@react-email/components";
import type { AdminDigest, DigestNpsWeek } from "../app/domain/admin-digest";
import { createFormatter } from "../app/domain/format";
import { Block, EmailLayout } from "./layout";
import { colors, styles } from "./theme";
import { defineEmail, type EmailChrome, type EmailT } from "./types";

export type AdminDigestProps = AdminDigest & { adminName: string; consoleUrl: string };

const heading2 = { margin: "8px 0 8px", fontSize: "17px", lineHeight: "24px", fontWeight: 700, color: colors.ink };
const item = { margin: "0 0 12px", fontSize: "15px", lineHeight: "22px", color: colors.ink };
const excerpt = { margin: "4px 0 0", paddingLeft: "10px", borderLeft: `3px solid ${colors.line}`, color: colors.soft, fontSize: "14px", lineHeight: "21px" };

const points = (value: number) => String(Math.round(value));

/** NPS in whole points; the margin with one decimal below one point (±0.2, not ±0), in the reader's number style. */
function weekText(week: DigestNpsWeek, t: EmailT, locale: EmailChrome["locale"]): string {
  if (week.nps === null) return t("adminDigest.npsNoResponses");
  return t("adminDigest.npsWeek", { nps: points(week.nps), margin: createFormatter(locale).margin(week.margin ?? 0), count: week.n });
}

function sizeText(bytes: number, locale: EmailChrome["locale"]): string {
  const format = createFormatter(locale);
  return bytes < 1024 * 1024
    ? `${format.number(Math.max(1, Math.round(bytes / 1024)))} KB`
    : `${format.number(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

/** How the backups stand: a line when they are fine, the problem and what to check when not. */
function BackupSection({ props }: { props: AdminDigestProps & EmailChrome }) {
  const { backup, t, locale } = props;
  if (!backup) return null;
  const lines: string[] = [];
  if (backup.state === "ok")
    lines.push(
      backup.ageHours === 0
        ? t("adminDigest.backupOkRecent", { size: sizeText(backup.bytes, locale) })
        : t("adminDigest.backupOk", { count: backup.ageHours, size: sizeText(backup.bytes, locale) }),
    );
  if (backup.state === "stale") lines.push(t("adminDigest.backupStale", { count: backup.ageHours }));
  if (backup.state === "failed") {
    lines.push(t("adminDigest.backupFailed", { reason: backup.reason }));
    lines.push(backup.ageHours === null ? t("adminDigest.backupNoneGood") : t("adminDigest.backupLastGood", { count: backup.ageHours }));
  }
  if (backup.state === "never") lines.push(t("adminDigest.backupNever"));
  if (backup.state !== "ok") lines.push(t("adminDigest.backupWhere"));
  const alert = backup.state !== "ok";
  return (
    <Section>
      <Heading as="h2" style={alert ? { ...heading2, color: "#b42318" } : heading2}>
        {t("adminDigest.backupHeading")}
      </Heading>
      <Text style={alert ? item : styles.small}>
        {lines.map((line, i) => (
          <span key={i}>
            {i > 0 ? <br /> : null}
            {line}
          </span>
        ))}
      </Text>
    </Section>
  );
}

function changeText(props: AdminDigestProps, t: EmailT): string {
  const { delta, significant } = props.nps;
  if (delta === null) return t("adminDigest.npsNoComparison");
  const key = Math.round(delta) === 0 ? "adminDigest.npsFlat" : delta > 0 ? "adminDigest.npsUp" : "adminDigest.npsDown";
  return `${t(key, { points: points(Math.abs(delta)) })} ${t(significant ? "adminDigest.significant" : "adminDigest.notSignificant")}`;
}

/**
 * The daily digest for admins: new detractors ranked by money at stake, follow-up cases past
 * their due time, and NPS week on week with whether the change is more than noise.
 */
export function AdminDigestEmail(props: AdminDigestProps & EmailChrome) {
  const { t, locale, newDetractors, overdueCases } = props;
  const more = (shown: number, total: number) => (total > shown ? <Text style={styles.small}>{t("adminDigest.more", { count: total - shown })}</Text> : null);
  return (
    <EmailLayout locale={locale} t={t} preheader={t("adminDigest.preheader", { detractors: newDetractors.count, overdue: overdueCases.count })}>
      <Heading as="h1" style={styles.h1}>
        {t("adminDigest.heading", { day: props.day })}
      </Heading>
      <Text style={styles.text}>{t("adminDigest.greeting", { name: props.adminName })}</Text>
      {props.backup && props.backup.state !== "ok" ? <BackupSection props={props} /> : null}

      <Section>
        <Heading as="h2" style={heading2}>
          {t("adminDigest.detractorsHeading", { count: newDetractors.count })}
        </Heading>
        {newDetractors.count === 0 ? <Text style={styles.small}>{t("adminDigest.noDetractors")}</Text> : null}
        {newDetractors.top.map((d) => (
          <Text key={d.url + d.who} style={item}>
            <Link href={d.url} style={styles.link}>
              {t("adminDigest.detractorLine", { score: d.score, account: d.accountName, acv: d.acv })}
            </Link>
            <br />
            {d.who}
            {d.excerpt ? (
              <>
                <br />
                <span style={{ ...excerpt, display: "block" }}>{d.excerpt}</span>
              </>
            ) : null}
          </Text>
        ))}
        {more(newDetractors.top.length, newDetractors.count)}
      </Section>

      <Section>
        <Heading as="h2" style={heading2}>
          {t("adminDigest.overdueHeading", { count: overdueCases.count })}
        </Heading>
        {overdueCases.count === 0 ? <Text style={styles.small}>{t("adminDigest.noOverdue")}</Text> : null}
        {overdueCases.top.map((c) => (
          <Text key={c.url} style={item}>
            <Link href={c.url} style={styles.link}>
              {t("adminDigest.caseLine", { account: c.accountName, score: c.score })}
            </Link>
            <br />
            {c.who} · {c.owner ? t("adminDigest.owner", { name: c.owner }) : t("adminDigest.noOwner")} ·{" "}
            {c.daysOverdue === 0 ? t("adminDigest.overdueToday") : t("adminDigest.overdueDays", { count: c.daysOverdue })}
          </Text>
        ))}
        {more(overdueCases.top.length, overdueCases.count)}
      </Section>

      <Section>
        <Heading as="h2" style={heading2}>
          {t("adminDigest.npsHeading")}
        </Heading>
        <Text style={item}>
          {t("adminDigest.npsLast7", { week: weekText(props.nps.current, t, locale) })}
          <br />
          {t("adminDigest.npsPrevious7", { week: weekText(props.nps.previous, t, locale) })}
          <br />
          {changeText(props, t)}
        </Text>
      </Section>

      {props.backup?.state === "ok" ? <BackupSection props={props} /> : null}

      <Block padding={styles.buttonRow.padding}>
        <Button href={props.consoleUrl} style={styles.button}>
          {t("adminDigest.button")}
        </Button>
      </Block>
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("adminDigest.why")}</Text>
    </EmailLayout>
  );
}

export const adminDigest = defineEmail<AdminDigestProps>({
  Component: AdminDigestEmail,
  subject: (props, t) =>
    (props.backup && props.backup.state !== "ok" ? t("adminDigest.backupSubjectPrefix") : "") +
    (props.newDetractors.count === 0
      ? t("adminDigest.subjectQuiet", { day: props.day, overdue: props.overdueCases.count })
      : t("adminDigest.subject", { day: props.day, count: props.newDetractors.count, overdue: props.overdueCases.count })),
  preview: {
    adminName: "Aiko Suzuki",
    consoleUrl: "https://kizuna.example/cs",
    day: "2026-11-24",
    newDetractors: {
      count: 2,
      top: [
        {
          score: 3,
          who: "Hanako Sato <hanako.sato@example.co.jp>",
          accountName: "Sakura Logistics",
          acv: "¥3,600,000",
          segment: "high",
          excerpt: "Exports keep timing out and support took a week to answer.",
          url: "https://kizuna.example/cs/cases/12",
        },
        {
          score: 6,
          who: "sam@northwind.example",
          accountName: "Northwind",
          acv: "$8,000",
          segment: "low",
          excerpt: null,
          url: "https://kizuna.example/cs/accounts/7",
        },
      ],
    },
    overdueCases: {
      count: 1,
      top: [
        {
          who: "Ken Ito <ken@example.jp>",
          accountName: "Fuji Foods",
          owner: "Yuki Tanaka",
          score: 2,
          daysOverdue: 3,
          url: "https://kizuna.example/cs/cases/9",
        },
      ],
    },
    nps: { current: { nps: 32, margin: 11.4, n: 120 }, previous: { nps: 24, margin: 12.1, n: 110 }, delta: 8, significant: false },
    backup: { state: "ok", lastSuccessAt: Date.UTC(2026, 10, 23, 18, 0), ageHours: 5, bytes: 48_300_000 },
  },
});
