/**
 * Every action the audit log records, old and new. `audit()` accepts only these codes, so a new
 * action cannot reach the log without a name here, and the console's strings (`admin.audit.actions`)
 * must word each one in every language (a unit test checks both). Codes are never renamed: rows
 * written years ago keep their code, so a code that is no longer written stays listed.
 */
export const AUDIT_ACTIONS = [
  // console sign-in and the portal's sign-in links
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_in_throttled",
  "auth.sign_out",
  "auth.contact_sign_in",
  "auth.magic_link_throttled",
  "auth.magic_link_capped",
  // staff users and API keys
  "user.created",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.password_reset",
  "user.password_changed",
  "user.password_change_failed",
  "user.password_change_throttled",
  "api_key.created",
  "api_key.revoked",
  // cases
  "case.opened",
  "case.status_changed",
  "case.note_added",
  "case.assigned",
  "case.reply_sent",
  // tags and responses
  "tag.created",
  "tag.renamed",
  "tag.deleted",
  "tag.rule_changed",
  "tags.rules_applied",
  "response.tag_added",
  "response.tag_removed",
  "response.promoter_reference",
  "response.promoter_community",
  "response.promoter_review",
  "response.export_started",
  "response.export_ended",
  // what contacts did on the answer page and the unsubscribe page
  "nps.reference_consent",
  "nps.contact_consent",
  "nps.detractor_alert_sent",
  "nps.detractor_help_sent",
  "contact.unsubscribed",
  "contact.resubscribed",
  // onboarding email: one-click unsubscribe (not surveys)
  "contact.onboarding_unsubscribed",
  // personal data requests
  "contact.personal_data_exported",
  "contact.erased",
  // campaigns
  "campaign.created",
  "campaign.launched",
  "campaign.cancelled",
  "campaign.closed",
  // settings
  "settings.alerts_updated",
  "settings.slack_test_requested",
  "settings.close_the_loop_updated",
  "settings.promoter_actions_updated",
  "settings.nps_survey_updated",
  "settings.segment_thresholds_updated",
  "settings.currency_updated",
  "settings.exchange_rates_updated",
  // alerts and digests
  "alerts.slack_rejected",
  "alerts.admin_digest_sent",
  // data coming in, and upkeep
  "import",
  "api.upsert",
  "aggregates.days_rekeyed",
  // community: joining, join requests, categories and settings
  "community.joined_by_domain",
  "community.join_link_capped",
  "community.join_requested",
  "community.join_request_approved",
  "community.join_request_declined",
  "community.category_created",
  "community.category_updated",
  "community.settings_updated",
  "community.queue_settings_updated",
  // community moderation
  "community.post_flagged",
  "community.post_hidden",
  "community.post_unhidden",
  "community.post_deleted",
  "community.post_approved",
  "community.post_rejected",
  "community.flags_agreed",
  "community.flags_disagreed",
  "community.topic_locked",
  "community.topic_unlocked",
  "community.topic_pinned",
  "community.topic_unpinned",
  "community.topic_moved",
  "community.topics_merged",
  "community.topic_split",
  "community.member_suspended",
  "community.member_unsuspended",
  "settings.community_rules_updated",
  // backups (docs/decisions/042)
  "backup.completed",
  "backup.failed",
  "backup.restored",
  // staff sign-in: two-factor and OpenID Connect
  "auth.two_factor_failed",
  "auth.recovery_code_used",
  "auth.oidc_refused",
  "user.two_factor_enabled",
  "user.two_factor_reset",
  "user.recovery_codes_replaced",
  "settings.staff_sign_in_updated",
  "settings.onboarding_stall_updated",
  // onboarding guides
  "guide.published",
  "guide.accounts_enrolled",
  "guide.enrolments_migrated",
  "guide.delays_changed",
  "settings.onboarding_updated",
  // onboarding portal: a member invited a teammate
  "onboarding.teammate_invited",
  // ideas: triage, requests on behalf of accounts, the NPS feedback loop
  "idea.status_changed",
  "idea.triaged",
  "idea.request_logged",
  "idea.merged",
  "idea.response_linked",
  "idea.asking_rebuilt",
  // meetups: user-group events
  "meetup.created",
  "meetup.updated",
  "meetup.attendance_marked",
  "meetup.attendance_imported",
  // stories and the advocacy timeline
  "story.created",
  "story.updated",
  "story.submitted",
  "story.sent_back",
  "story.commented",
  "story.published",
  "story.unpublished",
  "story.consent_recorded",
  "story.consent_revoked",
  "advocacy.reference_logged",
  "advocacy.review_logged",
  "advocacy.rebuilt",
  // revenue history (docs/decisions/055)
  "revenue.events_recorded",
  "account.churned",
  "account.reactivated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(code: string): code is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(code);
}

/** The entities audit entries are about (`audit_log.entity`); any other shows as its code. */
export const AUDIT_ENTITIES = [
  "user",
  "api_key",
  "case",
  "tag",
  "tag_rules",
  "response",
  "contact",
  "account",
  "campaign",
  "settings",
  "digest",
  "aggregate_days",
  // community: joining and categories
  "join_request",
  "community_category",
  "community_post",
  "community_topic",
  "community_member",
  // backups: one kept in BACKUP_DIR, or a copy written to a file named on the command line
  "backup",
  "backup_file",
  // onboarding guides
  "guide",
  "idea",
  // meetups
  "meetup",
  "meetup_registration",
  // stories and the advocacy timeline
  "story",
  "story_consent",
  "advocacy_record",
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
