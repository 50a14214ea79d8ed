import { Heading, Hr, Link, Text } from "@react-email/components";
import { ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome, type EmailT } from "./types";

/** Why a user-group event (a meetup) writes: a registration's outcome, a reminder, or the survey after it. */
export type MeetupEmailKind = "confirmed" | "waitlisted" | "promoted" | "day" | "hour" | "survey";

export type MeetupEmailProps = {
  kind: MeetupEmailKind;
  /** "Hi Aiko," or a slot filled per recipient (a wave's body is stored once). */
  greeting: string;
  title: string;
  /** The time as the recipient reads it, and which zone that is. */
  when: string;
  zone: string;
  /** The venue, or null for an online event. */
  venue: string | null;
  /** An online event's join link: only in emails to a confirmed registration. */
  joinUrl: string | null;
  eventUrl: string;
  /** Hold slots for the registration's tokens; the worker fills them when it sends. */
  calendarUrl: string;
  surveyUrl: string;
  /** The waitlisted's place in line. */
  position: number | null;
};

const heading = (props: Pick<MeetupEmailProps, "kind" | "title">, t: EmailT) => t(`meetup.${props.kind}.heading`, { title: props.title });

export function MeetupEmail(props: MeetupEmailProps & EmailChrome) {
  const { t, locale, kind } = props;
  const confirmed = kind !== "waitlisted";
  return (
    <EmailLayout locale={locale} t={t} preheader={heading(props, t)}>
      <Heading as="h1" style={styles.h1}>
        {heading(props, t)}
      </Heading>
      <Text style={styles.text}>{props.greeting}</Text>
      <Text style={styles.text}>{kind === "waitlisted" ? t("meetup.waitlisted.intro", { count: props.position ?? 1 }) : t(`meetup.${kind}.intro`)}</Text>
      <Text style={styles.text}>
        <strong>{props.title}</strong>
        <br />
        {props.when}
        <br />
        <span style={styles.small}>{t("meetup.zone", { zone: props.zone })}</span>
        <br />
        {props.venue ? t("meetup.venue", { venue: props.venue }) : t("meetup.online")}
      </Text>
      {confirmed && props.joinUrl && kind !== "survey" ? (
        <Text style={styles.text}>
          {t("meetup.join")}{" "}
          <Link href={props.joinUrl} style={styles.link}>
            {props.joinUrl}
          </Link>
        </Text>
      ) : null}
      {kind === "survey" ? (
        <ButtonWithLink href={props.surveyUrl} label={t("meetup.survey.button")} fallback={t("meetup.fallback")} />
      ) : (
        <ButtonWithLink href={props.eventUrl} label={t("meetup.open")} fallback={t("meetup.fallback")} />
      )}
      <Text style={styles.small}>
        <Link href={props.calendarUrl} style={styles.link}>
          {t("meetup.calendar")}
        </Link>
      </Text>
      <Hr style={styles.hr} />
      <Text style={styles.small}>{kind === "survey" ? t("meetup.survey.why") : t("meetup.why")}</Text>
    </EmailLayout>
  );
}

export const meetupEmail = defineEmail<MeetupEmailProps>({
  Component: MeetupEmail,
  subject: (props, t) => t(`meetup.${props.kind}.subject`, { title: props.title }),
  preview: {
    kind: "confirmed",
    greeting: "Hi Aiko,",
    title: "Kizuna user group Tokyo #12",
    when: "Sat, 19 Dec 2026, 19:00 – 21:00",
    zone: "Asia/Tokyo",
    venue: null,
    joinUrl: "https://meet.example.com/kizuna-12",
    eventUrl: "https://kizuna.example/community/events/1",
    calendarUrl: "https://kizuna.example/community/event-calendar/KZMEETUPICSTOKEN",
    surveyUrl: "https://kizuna.example/community/event-survey/KZMEETUPSURVEYTOKEN",
    position: null,
  },
});
