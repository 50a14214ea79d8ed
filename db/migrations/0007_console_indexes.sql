CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `cases_status_opened_idx` ON `cases` (`status`,`created_at`,`owner_user_id`);