import { Hr, Text } from "@react-email/components";
import { EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type CaseReplyProps = {
  contactName: string | null;
  csmName: string;
  /** The CSM's words, split into paragraphs; rendered as text, so markup in them shows as typed. */
  paragraphs: string[];
};

const paragraph = { ...styles.text, whiteSpace: "pre-wrap" as const };

/**
 * A CSM's personal answer to a contact's survey feedback. The contact's reply goes straight to
 * the CSM (reply-to), so it reads as a letter from a person, not a campaign.
 */
export function CaseReplyEmail({ contactName, csmName, paragraphs, locale, t }: CaseReplyProps & EmailChrome) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t("caseReply.preheader", { name: csmName })}>
      <Text style={styles.text}>{contactName ? t("caseReply.greeting", { name: contactName }) : t("caseReply.greetingNoName")}</Text>
      {paragraphs.map((text, index) => (
        <Text key={index} style={paragraph}>
          {text}
        </Text>
      ))}
      <Text style={styles.text}>{csmName}</Text>
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("caseReply.why", { name: csmName })}</Text>
    </EmailLayout>
  );
}

export const caseReply = defineEmail<CaseReplyProps>({
  Component: CaseReplyEmail,
  subject: (props, t) => t("caseReply.subject", { name: props.csmName }),
  preview: {
    contactName: "Hanako Sato",
    csmName: "Yuki Tanaka",
    paragraphs: [
      "Thank you for your honest score. I am sorry the exports kept timing out.",
      "We shipped a fix on Monday. Could we have a 15-minute call this week to check it works for your team?",
    ],
  },
});
