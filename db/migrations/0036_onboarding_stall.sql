ALTER TABLE `guide_enrolments` ADD `stalled_at` integer;--> statement-breakpoint
CREATE INDEX `guide_enrolments_stalled_idx` ON `guide_enrolments` (`stalled_at`);--> statement-breakpoint
ALTER TABLE `guides` ADD `nudge_after_days` integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `guides` ADD `stall_after_days` integer DEFAULT 14 NOT NULL;