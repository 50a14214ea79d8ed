import { Heading, Hr, Text } from "@react-email/components";
import { ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type CommunityJoinProps = { accountName: string; url: string; expiresMinutes: number };

/** Self sign-up by company domain: the one-time link that makes the recipient a contact of their company's account. */
export function CommunityJoinEmail({ accountName, url, expiresMinutes, locale, t }: CommunityJoinProps & EmailChrome) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t("communityJoin.preheader", { count: expiresMinutes })}>
      <Heading as="h1" style={styles.h1}>
        {t("communityJoin.heading")}
      </Heading>
      <Text style={styles.text}>{t("communityJoin.intro", { account: accountName })}</Text>
      <Text style={styles.text}>{t("communityJoin.expiry", { count: expiresMinutes })}</Text>
      <ButtonWithLink href={url} label={t("communityJoin.button")} fallback={t("communityJoin.fallback")} />
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("communityJoin.ignore")}</Text>
    </EmailLayout>
  );
}

export const communityJoin = defineEmail<CommunityJoinProps>({
  Component: CommunityJoinEmail,
  subject: (_props, t) => t("communityJoin.subject"),
  preview: { accountName: "Acme Corporation", url: "https://kizuna.example/login/join/preview-0123456789abcdef", expiresMinutes: 60 },
});
