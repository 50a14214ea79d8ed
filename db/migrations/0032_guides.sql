CREATE TABLE `guide_enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`guide_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`started_at` text NOT NULL,
	`activated_at` integer,
	`ttv_days` integer,
	`done_steps` integer DEFAULT 0 NOT NULL,
	`last_progress_at` integer,
	`nudges` integer DEFAULT true NOT NULL,
	`enrolled_by` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`guide_id`) REFERENCES `guides`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `guide_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guide_enrolments_accountId_unique` ON `guide_enrolments` (`account_id`);--> statement-breakpoint
CREATE INDEX `guide_enrolments_version_start_idx` ON `guide_enrolments` (`version_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `guide_enrolments_guide_start_idx` ON `guide_enrolments` (`guide_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `guide_person_completions` (
	`enrolment_id` integer NOT NULL,
	`step_key` text NOT NULL,
	`person` integer NOT NULL,
	`contact_id` integer,
	`done_at` integer NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`enrolment_id`, `step_key`, `person`),
	FOREIGN KEY (`enrolment_id`) REFERENCES `guide_enrolments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `guide_person_completions_contact_idx` ON `guide_person_completions` (`contact_id`);--> statement-breakpoint
CREATE TABLE `guide_step_completions` (
	`enrolment_id` integer NOT NULL,
	`step_key` text NOT NULL,
	`done_at` integer NOT NULL,
	`person` integer,
	`contact_id` integer,
	`done_by` text,
	`source` text NOT NULL,
	PRIMARY KEY(`enrolment_id`, `step_key`),
	FOREIGN KEY (`enrolment_id`) REFERENCES `guide_enrolments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `guide_step_completions_key_idx` ON `guide_step_completions` (`step_key`,`enrolment_id`);--> statement-breakpoint
CREATE TABLE `guide_steps` (
	`version_id` integer NOT NULL,
	`position` integer NOT NULL,
	`key` text NOT NULL,
	`title_en` text NOT NULL,
	`title_ja` text NOT NULL,
	`body_en` text,
	`body_ja` text,
	`video_url` text,
	`scope` text NOT NULL,
	`done_when` text NOT NULL,
	`event_type` text,
	`first_value` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`version_id`, `key`),
	FOREIGN KEY (`version_id`) REFERENCES `guide_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guide_steps_position_idx` ON `guide_steps` (`version_id`,`position`);--> statement-breakpoint
CREATE INDEX `guide_steps_event_idx` ON `guide_steps` (`event_type`);--> statement-breakpoint
CREATE TABLE `guide_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guide_id` integer NOT NULL,
	`version` integer NOT NULL,
	`steps_hash` text NOT NULL,
	`step_count` integer NOT NULL,
	`first_value_key` text NOT NULL,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`guide_id`) REFERENCES `guides`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guide_versions_guide_version_idx` ON `guide_versions` (`guide_id`,`version`);--> statement-breakpoint
CREATE TABLE `guides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name_en` text NOT NULL,
	`name_ja` text NOT NULL,
	`description_en` text,
	`description_ja` text,
	`segments` text DEFAULT '[]' NOT NULL,
	`stages` text DEFAULT '[]' NOT NULL,
	`locales` text DEFAULT '[]' NOT NULL,
	`target_days` integer,
	`status` text DEFAULT 'published' NOT NULL,
	`current_version_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guides_key_unique` ON `guides` (`key`);