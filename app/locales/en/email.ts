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
  nps: {
    greeting: "Hi {{name}},",
    greetingNoName: "Hi,",
    invitation: {
      subject: "Quick question: would you recommend {{product}}?",
      preheader: "One click from your inbox: pick a score from 0 to 10.",
      intro: "We would love your honest opinion. It takes one click: choose a score below.",
    },
    reminder: {
      subject: "A gentle reminder: one click to tell us about {{product}}",
      preheader: "Still one click: pick a score from 0 to 10. This is the only reminder.",
      nudge: "A gentle reminder: a few days ago we asked how {{product}} is working for you. If you have a moment, we would still love to hear from you.",
      intro: "It takes one click: choose a score below.",
    },
    scoreLabel: "Score {{score}} of 10",
    low: "Not likely",
    high: "Very likely",
    scaleHint: "0 = not likely at all, 10 = extremely likely.",
    afterClick: "After your click you can add a comment before sending, and change your answer later.",
    why: "You are receiving this because you use {{product}}. Prefer not to get surveys?",
    unsubscribe: "Unsubscribe from surveys",
  },
} as const;
