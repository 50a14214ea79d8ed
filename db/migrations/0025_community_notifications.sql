CREATE TABLE `community_email_preferences` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`frequency` text DEFAULT 'daily' NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `community_email_unsubscribes` (
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`member_id`, `kind`),
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `community_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient_id` integer NOT NULL,
	`kind` text NOT NULL,
	`topic_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`actor_id` integer,
	`count` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`read_at` integer,
	`emailed_at` integer,
	`digest_pending` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`recipient_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `community_topics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `community_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_notifications_event_idx` ON `community_notifications` (`recipient_id`,`kind`,`post_id`);--> statement-breakpoint
CREATE INDEX `community_notifications_list_idx` ON `community_notifications` (`recipient_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `community_notifications_unread_idx` ON `community_notifications` (`recipient_id`,`created_at`) WHERE "community_notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX `community_notifications_digest_idx` ON `community_notifications` (`recipient_id`,`created_at`) WHERE "community_notifications"."digest_pending" = 1;--> statement-breakpoint
CREATE TABLE `community_staff_alerts` (
	`user_id` integer NOT NULL,
	`key` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`user_id`, `key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `community_unsubscribe_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `community_watches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`topic_id` integer,
	`category_id` integer,
	`level` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `community_topics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `community_categories`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "community_watches_one_target" CHECK(("community_watches"."topic_id" IS NULL) <> ("community_watches"."category_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_watches_topic_member_idx` ON `community_watches` (`topic_id`,`member_id`) WHERE "community_watches"."topic_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `community_watches_category_member_idx` ON `community_watches` (`category_id`,`member_id`) WHERE "community_watches"."category_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `community_watches_member_idx` ON `community_watches` (`member_id`);