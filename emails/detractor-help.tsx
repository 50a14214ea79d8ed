import { Heading, Hr, Text } from "@react-email/components";
import { ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type DetractorHelpProps = { name: string | null; productName: string; helpUrl: string };

/**
 * To a tech-touch contact who answered as a detractor: thanks, where to find help right now,
 * and the honest note that a person reads every comment.
 */
export function DetractorHelpEmail({ name, productName, helpUrl, locale, t }: DetractorHelpProps & EmailChrome) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t("detractorHelp.preheader", { product: productName })}>
      <Heading as="h1" style={styles.h1}>
        {t("detractorHelp.heading")}
      </Heading>
      <Text style={styles.text}>{name ? t("detractorHelp.greeting", { name }) : t("detractorHelp.greetingNoName")}</Text>
      <Text style={styles.text}>{t("detractorHelp.intro", { product: productName })}</Text>
      <ButtonWithLink href={helpUrl} label={t("detractorHelp.button")} fallback={t("detractorHelp.fallback")} />
      <Hr style={styles.hr} />
      <Text style={styles.small}>{t("detractorHelp.human")}</Text>
    </EmailLayout>
  );
}

export const detractorHelp = defineEmail<DetractorHelpProps>({
  Component: DetractorHelpEmail,
  subject: (props, t) => t("detractorHelp.subject", { product: props.productName }),
  preview: { name: "Hanako Sato", productName: "Kizuna", helpUrl: "https://help.kizuna.example/getting-started" },
});
