import { Button, Heading, Hr, Text } from "@react-email/components";
import { contactLabel } from "../app/domain/contact-rows";
import { Block, ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

/*
 * What a CSM's promoter actions send: to the promoter, in their language, an invitation to the
 * community or a request for a public review; to the account's CSM, in English, a note that the
 * promoter was marked as a reference candidate so they can ask in person.
 */

type AskProps = { name: string | null; productName: string; score: number; url: string };

function Ask({ name, url, t, locale, keys, productName, score }: AskProps & EmailChrome & { keys: "promoterCommunity" | "promoterReview" }) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t(`${keys}.preheader`, { product: productName })}>
      <Heading as="h1" style={styles.h1}>
        {t(`${keys}.heading`, { product: productName })}
      </Heading>
      <Text style={styles.text}>{name ? t("promoterAsk.greeting", { name }) : t("promoterAsk.greetingNoName")}</Text>
      <Text style={styles.text}>{t("promoterAsk.thanks", { product: productName, score })}</Text>
      <Text style={styles.text}>{t(`${keys}.intro`, { product: productName })}</Text>
      <ButtonWithLink href={url} label={t(`${keys}.button`)} fallback={t("promoterAsk.fallback")} />
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("promoterAsk.once")}</Text>
    </EmailLayout>
  );
}

export type PromoterCommunityProps = { name: string | null; productName: string; score: number; communityUrl: string };

export function PromoterCommunityEmail({ communityUrl, ...props }: PromoterCommunityProps & EmailChrome) {
  return <Ask {...props} url={communityUrl} keys="promoterCommunity" />;
}

export const promoterCommunity = defineEmail<PromoterCommunityProps>({
  Component: PromoterCommunityEmail,
  subject: (props, t) => t("promoterCommunity.subject", { product: props.productName }),
  preview: { name: "Hanako Sato", productName: "Kizuna", score: 10, communityUrl: "https://kizuna.example/portal" },
});

export type PromoterReviewProps = { name: string | null; productName: string; score: number; reviewUrl: string };

export function PromoterReviewEmail({ reviewUrl, ...props }: PromoterReviewProps & EmailChrome) {
  return <Ask {...props} url={reviewUrl} keys="promoterReview" />;
}

export const promoterReview = defineEmail<PromoterReviewProps>({
  Component: PromoterReviewEmail,
  subject: (props, t) => t("promoterReview.subject", { product: props.productName }),
  preview: { name: "Hanako Sato", productName: "Kizuna", score: 9, reviewUrl: "https://www.g2.com/products/kizuna/take_survey" },
});

export type ReferenceCandidateProps = {
  csmName: string;
  actorName: string;
  contactName: string | null;
  contactEmail: string;
  accountName: string;
  score: number;
  comment: string | null;
  /** What the promoter said on the thank-you page about being a reference, if anything. */
  consent: boolean | null;
  responseUrl: string;
};

export function ReferenceCandidateEmail(props: ReferenceCandidateProps & EmailChrome) {
  const { t, locale } = props;
  const who = contactLabel(props.contactName, props.contactEmail);
  const consentKey = props.consent === true ? "consentYes" : props.consent === false ? "consentNo" : "consentUnknown";
  return (
    <EmailLayout locale={locale} t={t} preheader={t("promoterReference.preheader", { account: props.accountName })}>
      <Heading as="h1" style={styles.h1}>
        {t("promoterReference.heading", { account: props.accountName })}
      </Heading>
      <Text style={styles.text}>{t("promoterReference.greeting", { name: props.csmName })}</Text>
      <Text style={styles.text}>{t("promoterReference.intro", { actor: props.actorName, who, score: props.score })}</Text>
      {props.comment ? <Text style={styles.quote}>{props.comment}</Text> : null}
      <Text style={styles.small}>{t(`promoterReference.${consentKey}`)}</Text>
      <Block padding={styles.buttonRow.padding}>
        <Button href={props.responseUrl} style={styles.button}>
          {t("promoterReference.button")}
        </Button>
      </Block>
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("promoterReference.why")}</Text>
    </EmailLayout>
  );
}

export const promoterReference = defineEmail<ReferenceCandidateProps>({
  Component: ReferenceCandidateEmail,
  subject: (props, t) => t("promoterReference.subject", { account: props.accountName }),
  preview: {
    csmName: "Yuki Tanaka",
    actorName: "Ken Mori",
    contactName: "Hanako Sato",
    contactEmail: "hanako.sato@example.co.jp",
    accountName: "Sakura Logistics",
    score: 10,
    comment: "Setting up the surveys took an afternoon; our whole team uses the console daily.",
    consent: true,
    responseUrl: "https://kizuna.example/cs/responses/42",
  },
});
