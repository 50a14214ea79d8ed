DROP INDEX `guide_enrolments_version_start_idx`;--> statement-breakpoint
DROP INDEX `guide_enrolments_guide_start_idx`;--> statement-breakpoint
CREATE INDEX `guide_enrolments_version_start_idx` ON `guide_enrolments` (`version_id`,`started_at`,`ttv_days`);--> statement-breakpoint
CREATE INDEX `guide_enrolments_guide_start_idx` ON `guide_enrolments` (`guide_id`,`started_at`,`ttv_days`);