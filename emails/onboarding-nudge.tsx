import { Heading, Hr, Link, Text } from "@react-email/components";
import { ButtonWithLink, EmailLayout } from "./layout";
import { styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type OnboardingNudgeProps = {
  accountName: string;
  guideName: string;
  stepTitle: string;
  /** The first line of the step's body as plain text, or null. */
  teaser: string | null;
  stepUrl: string;
  unsubscribeUrl: string;
};

/** One nudge about a person's next onboarding step, after their guide has been quiet for a few days (decision 053). */
export function OnboardingNudgeEmail({ accountName, guideName, stepTitle, teaser, stepUrl, unsubscribeUrl, locale, t }: OnboardingNudgeProps & EmailChrome) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t("onboardingNudge.preheader", { step: stepTitle })}>
      <Heading as="h1" style={styles.h1}>
        {t("onboardingNudge.heading", { step: stepTitle })}
      </Heading>
      <Text style={styles.text}>{t("onboardingNudge.intro", { guide: guideName, account: accountName })}</Text>
      {teaser ? <Text style={styles.text}>{teaser}</Text> : null}
      <ButtonWithLink href={stepUrl} label={t("onboardingNudge.button")} fallback={t("onboardingNudge.fallback")} />
      <Hr style={styles.hr} />
      <Text style={styles.small}>
        {t("onboardingNudge.why")}{" "}
        <Link href={unsubscribeUrl} style={styles.link}>
          {t("onboardingNudge.stop")}
        </Link>
      </Text>
    </EmailLayout>
  );
}

export const onboardingNudge = defineEmail<OnboardingNudgeProps>({
  Component: OnboardingNudgeEmail,
  subject: (props, t) => t("onboardingNudge.subject", { step: props.stepTitle }),
  preview: {
    accountName: "Acme Corporation",
    guideName: "Getting started",
    stepTitle: "Invite your team",
    teaser: "Kizuna works best when your whole team is in it.",
    stepUrl: "https://kizuna.example/portal/onboarding/invite-team",
    unsubscribeUrl: "https://kizuna.example/onboarding/unsubscribe/KZONBUNSUBTOKEN",
  },
});
