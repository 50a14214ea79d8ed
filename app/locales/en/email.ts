/** Strings for emails (templates in emails/). Keys are grouped by template; `layout` is shared. */
export default {
  layout: {
    brand: "Kizuna",
    footer: "Sent by the Kizuna customer portal on behalf of your software vendor's Customer Success team.",
  },
  magicLink: {
    subject: "Your sign-in link for Kizuna",
    preheader_one: "Sign in with one click. The link works once and expires in {{count}} minute.",
    preheader_other: "Sign in with one click. The link works once and expires in {{count}} minutes.",
    heading: "Sign in to the customer portal",
    greeting: "Hi {{name}},",
    greetingNoName: "Hi,",
    intro_one: "Use the button below to sign in. The link works once and expires in {{count}} minute.",
    intro_other: "Use the button below to sign in. The link works once and expires in {{count}} minutes.",
    button: "Sign in to Kizuna",
    fallback: "If the button does not work, copy this address into your browser:",
    ignore: "Didn't ask to sign in? You can safely ignore this email — nobody can sign in without this link.",
  },
} as const;
