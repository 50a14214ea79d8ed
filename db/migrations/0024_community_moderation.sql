CREATE TABLE `community_badges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`automatic` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_badges_code_unique` ON `community_badges` (`code`);--> statement-breakpoint
CREATE TABLE `community_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`resolved_at` integer,
	`resolved_by_id` integer,
	`outcome` text,
	FOREIGN KEY (`post_id`) REFERENCES `community_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resolved_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_flags_open_idx` ON `community_flags` (`post_id`,`member_id`) WHERE "community_flags"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX `community_flags_queue_idx` ON `community_flags` (`created_at`) WHERE "community_flags"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX `community_flags_member_idx` ON `community_flags` (`member_id`);--> statement-breakpoint
CREATE INDEX `community_flags_post_idx` ON `community_flags` (`post_id`,`outcome`);--> statement-breakpoint
CREATE TABLE `community_member_badges` (
	`member_id` integer NOT NULL,
	`badge_id` integer NOT NULL,
	`awarded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`member_id`, `badge_id`),
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`badge_id`) REFERENCES `community_badges`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `community_posts` ADD `held_reasons` text;--> statement-breakpoint
CREATE INDEX `community_posts_held_idx` ON `community_posts` (`created_at`) WHERE "community_posts"."state" = 'held';--> statement-breakpoint
CREATE INDEX `community_members_suspended_idx` ON `community_members` (`suspended_until`) WHERE "community_members"."suspended_until" IS NOT NULL;--> statement-breakpoint
-- The badges every install knows; the last two are awarded by the areas that know (events, case studies).
INSERT INTO `community_badges` (`code`, `automatic`, `position`) VALUES
	('first_post', true, 1),
	('first_accepted_answer', true, 2),
	('ten_accepted_answers', true, 3),
	('helpful', true, 4),
	('event_attendee', false, 5),
	('case_study_author', false, 6);
