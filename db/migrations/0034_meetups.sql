CREATE TABLE `meetup_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meetup_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`status` text NOT NULL,
	`registered_at` integer NOT NULL,
	`waitlisted_at` integer,
	`confirmed_at` integer,
	`cancelled_at` integer,
	`attended_at` integer,
	`speaker` integer DEFAULT false NOT NULL,
	`calendar_token_hash` text,
	`survey_token_hash` text,
	`day_reminder_sent_at` integer,
	`hour_reminder_sent_at` integer,
	`survey_sent_at` integer,
	`notice_sent_for` text,
	`satisfaction` integer,
	`survey_comment` text,
	`survey_answered_at` integer,
	FOREIGN KEY (`meetup_id`) REFERENCES `meetups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "meetup_registrations_satisfaction" CHECK("meetup_registrations"."satisfaction" IS NULL OR "meetup_registrations"."satisfaction" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meetup_registrations_person_idx` ON `meetup_registrations` (`meetup_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `meetup_registrations_waitlist_idx` ON `meetup_registrations` (`meetup_id`,`status`,`waitlisted_at`);--> statement-breakpoint
CREATE INDEX `meetup_registrations_contact_idx` ON `meetup_registrations` (`contact_id`,`attended_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `meetup_registrations_calendar_idx` ON `meetup_registrations` (`calendar_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `meetup_registrations_survey_idx` ON `meetup_registrations` (`survey_token_hash`);--> statement-breakpoint
CREATE TABLE `meetups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description_source` text DEFAULT '' NOT NULL,
	`description_html` text DEFAULT '' NOT NULL,
	`format` text NOT NULL,
	`join_url` text,
	`venue` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`time_zone` text NOT NULL,
	`capacity` integer NOT NULL,
	`registration_deadline` integer,
	`segments` text,
	`materials` text DEFAULT '[]' NOT NULL,
	`confirmed_count` integer DEFAULT 0 NOT NULL,
	`waitlist_count` integer DEFAULT 0 NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "meetups_capacity_positive" CHECK("meetups"."capacity" > 0),
	CONSTRAINT "meetups_ends_after_start" CHECK("meetups"."ends_at" > "meetups"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `meetups_starts_idx` ON `meetups` (`starts_at`);--> statement-breakpoint
-- A fresh database gets the events category beside the community's defaults: its slug is a public contract (/community/c/events leads to the events pages).
INSERT INTO `community_categories` (`slug`, `kind`, `name_en`, `name_ja`, `description_en`, `description_ja`, `position`, `colour`, `staff_only_topics`)
	SELECT 'events', 'events', 'Events', 'イベント', 'User-group meetups, online and in person: register, join, and find the slides afterwards.', 'ユーザー会などのイベント（オンライン・会場開催）。参加登録や当日の参加、終了後の資料はこちらから。', 6, '#db2777', true
	WHERE NOT EXISTS (SELECT 1 FROM `community_categories` WHERE `slug` = 'events');
