export default {
  appName: "Kizuna",
  language: "Language",
  languages: { en: "English", ja: "日本語" },
  skipToContent: "Skip to content",
  signOut: "Sign out",
  portalNav: "Portal",
  portalHome: "Home",
  community: "Community",
  notFound: { title: "Page not found", body: "The page you were looking for does not exist or has moved." },
  error: {
    title: "Something went wrong",
    body: "Please try again. If it keeps happening, contact your account team.",
    reference: "Reference to quote if you contact us:",
  },
  footer: "Kizuna customer portal",
} as const;
