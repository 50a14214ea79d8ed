import { Heading, Hr, Text } from "@react-email/components";
import { ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type MagicLinkProps = { name: string | null; url: string; expiresMinutes: number };

/** The one-time sign-in link for the customer portal: a button, the plain URL, and "not you?". */
export function MagicLinkEmail({ name, url, expiresMinutes, locale, t }: MagicLinkProps & EmailChrome) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t("magicLink.preheader", { count: expiresMinutes })}>
      <Heading as="h1" style={styles.h1}>
        {t("magicLink.heading")}
      </Heading>
      <Text style={styles.text}>{name ? t("magicLink.greeting", { name }) : t("magicLink.greetingNoName")}</Text>
      <Text style={styles.text}>{t("magicLink.intro", { count: expiresMinutes })}</Text>
      <ButtonWithLink href={url} label={t("magicLink.button")} fallback={t("magicLink.fallback")} />
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("magicLink.ignore")}</Text>
    </EmailLayout>
  );
}

export const magicLink = defineEmail<MagicLinkProps>({
  Component: MagicLinkEmail,
  subject: (_props, t) => t("magicLink.subject"),
  preview: { name: "Hanako Sato", url: "https://kizuna.example/login/preview-0123456789abcdef", expiresMinutes: 15 },
});
