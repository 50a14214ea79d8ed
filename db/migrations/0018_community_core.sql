CREATE TABLE `community_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`name_en` text NOT NULL,
	`name_ja` text NOT NULL,
	`description_en` text DEFAULT '' NOT NULL,
	`description_ja` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`colour` text DEFAULT '#4f46e5' NOT NULL,
	`staff_only_topics` integer DEFAULT false NOT NULL,
	`segments` text,
	`topic_count` integer DEFAULT 0 NOT NULL,
	`post_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_categories_slug_unique` ON `community_categories` (`slug`);--> statement-breakpoint
CREATE TABLE `community_likes` (
	`post_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`post_id`, `member_id`),
	FOREIGN KEY (`post_id`) REFERENCES `community_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `community_likes_member_idx` ON `community_likes` (`member_id`);--> statement-breakpoint
CREATE TABLE `community_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer,
	`user_id` integer,
	`handle` text NOT NULL,
	`display_name` text NOT NULL,
	`show_company` integer DEFAULT true NOT NULL,
	`trust_level` text DEFAULT 'new' NOT NULL,
	`guidelines_accepted_at` integer,
	`last_seen_at` integer,
	`suspended_until` integer,
	`suspended_reason` text,
	`topic_count` integer DEFAULT 0 NOT NULL,
	`reply_count` integer DEFAULT 0 NOT NULL,
	`accepted_answer_count` integer DEFAULT 0 NOT NULL,
	`likes_received` integer DEFAULT 0 NOT NULL,
	`likes_given` integer DEFAULT 0 NOT NULL,
	`last_posted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "community_members_one_person" CHECK(("community_members"."contact_id" IS NULL) <> ("community_members"."user_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_members_contact_idx` ON `community_members` (`contact_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `community_members_user_idx` ON `community_members` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `community_members_handle_idx` ON `community_members` (lower("handle"));--> statement-breakpoint
CREATE TABLE `community_post_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`source` text NOT NULL,
	`title` text,
	`edited_by_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `community_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`edited_by_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `community_post_revisions_post_idx` ON `community_post_revisions` (`post_id`);--> statement-breakpoint
CREATE TABLE `community_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`post_number` integer NOT NULL,
	`reply_to_post_id` integer,
	`source` text NOT NULL,
	`html` text NOT NULL,
	`render_version` integer NOT NULL,
	`state` text DEFAULT 'published' NOT NULL,
	`like_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`edited_at` integer,
	`edit_count` integer DEFAULT 0 NOT NULL,
	`hidden_at` integer,
	`hidden_reason` text,
	`deleted_at` integer,
	`deleted_by_id` integer,
	FOREIGN KEY (`topic_id`) REFERENCES `community_topics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_posts_topic_number_idx` ON `community_posts` (`topic_id`,`post_number`);--> statement-breakpoint
CREATE INDEX `community_posts_author_idx` ON `community_posts` (`author_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `community_topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`title` text NOT NULL,
	`slug` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_posted_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`reply_count` integer DEFAULT 0 NOT NULL,
	`like_count` integer DEFAULT 0 NOT NULL,
	`accepted_post_id` integer,
	`accepted_at` integer,
	`pinned_at` integer,
	`pinned_globally` integer DEFAULT false NOT NULL,
	`locked_at` integer,
	`hidden_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`category_id`) REFERENCES `community_categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `community_topics_category_latest_idx` ON `community_topics` (`category_id`,`last_posted_at`);--> statement-breakpoint
CREATE INDEX `community_topics_latest_idx` ON `community_topics` (`last_posted_at`);--> statement-breakpoint
CREATE INDEX `community_topics_author_idx` ON `community_topics` (`author_id`);--> statement-breakpoint
-- The default categories every install starts with (their slugs are a public contract; admins may rename them).
INSERT INTO `community_categories` (`slug`, `kind`, `name_en`, `name_ja`, `description_en`, `description_ja`, `position`, `colour`, `staff_only_topics`) VALUES
	('questions', 'qa', 'Q&A', 'Q&A', 'Ask how to do something; the answer that solves it is marked as accepted.', '使い方の質問はこちらへ。解決した回答はベストアンサーとして表示されます。', 1, '#2563eb', false),
	('tips', 'discussion', 'Tips', '活用のヒント', 'Share how you use the product: shortcuts, setups and workflows that work.', '製品の活用方法を共有しましょう。便利な設定やワークフローなど。', 2, '#059669', false),
	('announcements', 'announcements', 'Announcements', 'お知らせ', 'News from the team: releases, maintenance and events.', 'チームからのお知らせ：リリース、メンテナンス、イベントなど。', 3, '#d97706', true);
