export default {
  // i18n-core: Japan's public holidays on the closing-the-loop settings
  holidays: {
    japan: {
      label: "Japan's public holidays",
      hint: "Due times also skip Japan's national holidays (Golden Week, substitute holidays and the rest), kept up to date with Kizuna; on by default for a team on Tokyo time.",
    },
  },
  // i18n-core: the language of Slack posts (alerts settings)
  slackLanguage: {
    heading: "Slack language",
    label: "Post Slack alerts in",
    hint: "Slack posts go to a shared channel, so they use one language for the whole team. Emails follow each person's own language.",
    save: "Save Slack language",
    saved: "Saved. Slack alerts are posted in this language from now on.",
  },
} as const;
