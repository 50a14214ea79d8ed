/** Strings of tasks of every kind (the case queue and task page) and of the onboarding stall settings. */
export default {
  kind: {
    follow_up: "Detractor follow-up",
    onboarding_stalled: "Onboarding stalled",
    risk: "Risk",
    expansion: "Expansion",
  },
  queue: {
    kind: "Kind",
    kindAll: "All kinds",
    colKind: "Kind",
    wholeAccount: "Whole account",
  },
  detail: {
    heading: "{{kind}}: {{account}}",
    onboarding: "Onboarding",
    guide: "Guide",
    guideVersion: "{{name}} (version {{version}})",
    stalledOn: "Stalled on",
    allDone: "Every step is done.",
    progress: "Progress",
    progressSteps: "{{done, number}} of {{total, number}} steps",
    started: "Started",
    lastProgress: "Last progress",
    noProgress: "Nothing done yet",
    stalledSince: "Found stalled",
    movingAgain: "Moving again: the account made progress after this task was opened.",
    activated: "First value",
    notActivated: "Not reached yet",
    account360: "Open the account 360",
    noGuide: "The account's guide enrolment no longer exists.",
    noContact: "This task is about the whole account: reach its people by phone or email and note what you did.",
  },
  settings: {
    heading: "Onboarding stalls",
    intro:
      "An account whose guide shows no progress for the guide's stall delay is stalled. Low-touch accounts get an “Onboarding stalled” task for their CSM; tech-touch accounts go to the pooled stalled list; high-touch accounts are left to their CSM unless you choose otherwise here.",
    highTouchTasks: "Open a task for stalled high-touch accounts too",
    highTouchTasksHint: "Off: their CSM already watches them, and they appear only in the stalled list.",
    save: "Save",
    saved: "Saved.",
  },
} as const;
