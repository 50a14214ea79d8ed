/** Customer-facing strings of onboarding email: the one-click unsubscribe page. */
export default {
  unsubscribe: {
    metaTitle: "Onboarding emails",
    title: "Stop onboarding emails?",
    body: "{{email}} gets a reminder now and then about the next step of your company's onboarding guide. Stop them? Survey emails are not affected.",
    button: "Stop onboarding emails",
    doneTitle: "Onboarding emails stopped",
    doneBody: "{{email}} gets no more onboarding reminders. Survey emails are not affected.",
    notFoundTitle: "This link does not work",
    notFoundBody: "The unsubscribe link is unknown or incomplete. Copy the whole link from the email.",
    invalid: "Press the button on this page to stop the emails.",
  },
} as const;
