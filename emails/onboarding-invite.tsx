import { Heading, Hr, Text } from "@react-email/components";
import { ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type OnboardingInviteProps = { inviterName: string; accountName: string; url: string; expiresMinutes: number };

/** "Invite a teammate" from the onboarding checklist: a one-time join link to the inviter's account, in the inviter's language. */
export function OnboardingInviteEmail({ inviterName, accountName, url, expiresMinutes, locale, t }: OnboardingInviteProps & EmailChrome) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t("onboardingInvite.preheader", { name: inviterName, account: accountName })}>
      <Heading as="h1" style={styles.h1}>
        {t("onboardingInvite.heading", { account: accountName })}
      </Heading>
      <Text style={styles.text}>{t("onboardingInvite.intro", { name: inviterName, account: accountName })}</Text>
      <Text style={styles.text}>{t("onboardingInvite.expiry", { count: expiresMinutes })}</Text>
      <ButtonWithLink href={url} label={t("onboardingInvite.button")} fallback={t("onboardingInvite.fallback")} />
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("onboardingInvite.ignore")}</Text>
    </EmailLayout>
  );
}

export const onboardingInvite = defineEmail<OnboardingInviteProps>({
  Component: OnboardingInviteEmail,
  subject: (props, t) => t("onboardingInvite.subject", { name: props.inviterName }),
  preview: {
    inviterName: "Hanako Sato",
    accountName: "Acme Corporation",
    url: "https://kizuna.example/login/join/preview-0123456789abcdef",
    expiresMinutes: 60,
  },
});
