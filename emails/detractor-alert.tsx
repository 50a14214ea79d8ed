import { Button, Heading, Hr, Link, Text } from "@react-email/components";
import { contactLabel } from "../app/domain/contact-rows";
import { createFormatter } from "../app/domain/format";
import { Block, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type DetractorAlertProps = {
  csmName: string;
  contactName: string | null;
  contactEmail: string;
  accountName: string;
  score: number;
  comment: string | null;
  /** Formatted annual contract value, e.g. "¥3,600,000". */
  acv: string;
  /** ISO date, or null when the CRM does not know it. */
  renewalDate: string | null;
  campaignName: string | null;
  accountUrl: string;
  /** The follow-up case opened for this answer, when there is one: the button then leads there. */
  caseUrl?: string | null;
};

/**
 * To the account's CSM when one of its contacts answers as a detractor: who, what score, in
 * their words, what is at stake (ACV, renewal), and one button to the follow-up case (else the account).
 */
export function DetractorAlertEmail(props: DetractorAlertProps & EmailChrome) {
  const { t, locale } = props;
  const who = contactLabel(props.contactName, props.contactEmail);
  return (
    <EmailLayout locale={locale} t={t} preheader={t("detractorAlert.preheader", { account: props.accountName, score: props.score })}>
      <Heading as="h1" style={styles.h1}>
        {t("detractorAlert.heading", { account: props.accountName })}
      </Heading>
      <Text style={styles.text}>{t("detractorAlert.greeting", { name: props.csmName })}</Text>
      <Text style={styles.text}>{t("detractorAlert.intro", { who, score: props.score })}</Text>
      {props.comment ? <Text style={styles.quote}>{props.comment}</Text> : <Text style={styles.small}>{t("detractorAlert.noComment")}</Text>}
      <Text style={styles.small}>
        {t("detractorAlert.acv", { acv: props.acv })}
        <br />
        {props.renewalDate ? t("detractorAlert.renewal", { date: createFormatter(locale).day(props.renewalDate) }) : t("detractorAlert.renewalUnknown")}
        {props.campaignName ? (
          <>
            <br />
            {t("detractorAlert.campaign", { campaign: props.campaignName })}
          </>
        ) : null}
      </Text>
      <Block padding={styles.buttonRow.padding}>
        <Button href={props.caseUrl ?? props.accountUrl} style={styles.button}>
          {props.caseUrl ? t("detractorAlert.caseButton") : t("detractorAlert.button")}
        </Button>
      </Block>
      {props.caseUrl ? (
        <Text style={styles.small}>
          <Link href={props.accountUrl} style={styles.link}>
            {t("detractorAlert.accountLink")}
          </Link>
        </Text>
      ) : null}
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("detractorAlert.why")}</Text>
    </EmailLayout>
  );
}

export const detractorAlert = defineEmail<DetractorAlertProps>({
  Component: DetractorAlertEmail,
  subject: (props, t) => t("detractorAlert.subject", { account: props.accountName, score: props.score }),
  preview: {
    csmName: "Yuki Tanaka",
    contactName: "Hanako Sato",
    contactEmail: "hanako.sato@example.co.jp",
    accountName: "Sakura Logistics",
    score: 3,
    comment: "Exports keep timing out and support took a week to answer.",
    acv: "¥3,600,000",
    renewalDate: "2026-06-30",
    campaignName: "Q2 relationship NPS",
    accountUrl: "https://kizuna.example/cs/accounts/42",
    caseUrl: "https://kizuna.example/cs/cases/7",
  },
});
