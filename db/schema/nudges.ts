import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./accounts";
import { outbox } from "./email";
import { guideEnrolments } from "./guides";

/*
 * Onboarding emails to people (decision 053): what was sent to whom about which step, and who
 * stopped them. Separate from survey mail: stopping one leaves the other on.
 */

export const ONBOARDING_EMAIL_KINDS = ["nudge"] as const;

/**
 * Every onboarding email queued for a person. One nudge per person, enrolment and step (the
 * unique index); the spacing rule reads the person's latest row (`onboarding_emails_contact_idx`).
 */
export const onboardingEmails = sqliteTable(
  "onboarding_emails",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    enrolmentId: integer()
      .notNull()
      .references(() => guideEnrolments.id, { onDelete: "cascade" }),
    kind: text({ enum: ONBOARDING_EMAIL_KINDS }).notNull(),
    stepKey: text().notNull(),
    outboxId: integer().references(() => outbox.id, { onDelete: "set null" }),
    sentAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("onboarding_emails_step_idx").on(t.contactId, t.enrolmentId, t.kind, t.stepKey),
    index("onboarding_emails_contact_idx").on(t.contactId, t.sentAt),
  ],
);

/**
 * A person's one-click unsubscribe from onboarding email: the SHA-256 of the derived token their
 * emails carry (stored when the first one is queued), and when they stopped them (null: on).
 */
export const onboardingEmailPrefs = sqliteTable("onboarding_email_prefs", {
  contactId: integer()
    .primaryKey()
    .references(() => contacts.id, { onDelete: "cascade" }),
  tokenHash: text().notNull().unique(),
  stoppedAt: integer(),
});
