export default {
  // i18n-core: Japan's public holidays on the closing-the-loop settings
  holidays: {
    japan: {
      label: "Japan's public holidays",
      hint: "Due times also skip Japan's national holidays (Golden Week, substitute holidays and the rest), kept up to date with Kizuna; on by default for a team on Tokyo time.",
    },
  },
} as const;
