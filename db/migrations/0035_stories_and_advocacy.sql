CREATE TABLE `stories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` integer,
	`author_member_id` integer,
	`author_user_id` integer,
	`language` text DEFAULT 'en' NOT NULL,
	`title` text NOT NULL,
	`industry` text NOT NULL,
	`segment` text NOT NULL,
	`product_area` text DEFAULT '' NOT NULL,
	`challenge` text NOT NULL,
	`challenge_html` text NOT NULL,
	`solution` text NOT NULL,
	`solution_html` text NOT NULL,
	`results` text NOT NULL,
	`results_html` text NOT NULL,
	`quote` text DEFAULT '' NOT NULL,
	`quote_by` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`submitted_at` integer,
	`published_at` integer,
	`published_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `community_categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`published_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `stories_status_idx` ON `stories` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `stories_account_idx` ON `stories` (`account_id`);--> statement-breakpoint
CREATE INDEX `stories_author_member_idx` ON `stories` (`author_member_id`);--> statement-breakpoint
CREATE TABLE `story_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`story_id` integer NOT NULL,
	`author_user_id` integer,
	`author_member_id` integer,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `story_comments_story_idx` ON `story_comments` (`story_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `story_consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`story_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`community` integer DEFAULT false NOT NULL,
	`website` integer DEFAULT false NOT NULL,
	`sales_deck` integer DEFAULT false NOT NULL,
	`agreed_at` integer NOT NULL,
	`recorded_by_user_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`revoked_at` integer,
	`revoked_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `story_consents_active_idx` ON `story_consents` (`story_id`) WHERE "story_consents"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX `story_consents_story_idx` ON `story_consents` (`story_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `advocacy_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` integer,
	`at` integer NOT NULL,
	`source` text NOT NULL,
	`source_id` text,
	`detail` text,
	`recorded_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `advocacy_records_key_idx` ON `advocacy_records` (`key`);--> statement-breakpoint
CREATE INDEX `advocacy_records_account_idx` ON `advocacy_records` (`account_id`,`at`);--> statement-breakpoint
CREATE INDEX `advocacy_records_contact_idx` ON `advocacy_records` (`contact_id`,`at`);--> statement-breakpoint
-- The default category customers' use-case stories live in (slug and kind are a public contract; admins may rename it).
INSERT INTO `community_categories` (`slug`, `kind`, `name_en`, `name_ja`, `description_en`, `description_ja`, `position`, `colour`, `staff_only_topics`) VALUES
	('stories', 'use_cases', 'Customer stories', '導入事例', 'How customers use the product: the challenge, what they did and the results.', 'お客さまの活用事例：課題、取り組み、そして成果をご紹介します。', 5, '#7c3aed', true);
--> statement-breakpoint
-- The advocacy timeline starts with what already happened (the same statements as `rebuildAdvocacyRecords`).
INSERT OR IGNORE INTO `advocacy_records` (`key`, `kind`, `account_id`, `contact_id`, `at`, `source`, `source_id`, `detail`)
SELECT 'promoter_answer:response:' || r.id || ':' || r.contact_id, 'promoter_answer', r.account_id, r.contact_id, r.updated_at, 'response', CAST(r.id AS TEXT), json_object('score', r.score)
FROM `responses` r WHERE r.category = 'promoter';
--> statement-breakpoint
INSERT OR IGNORE INTO `advocacy_records` (`key`, `kind`, `account_id`, `contact_id`, `at`, `source`, `source_id`, `detail`)
SELECT 'accepted_answer:community_post:' || p.id || ':' || c.id, 'accepted_answer', c.account_id, c.id, coalesce(t.accepted_at, p.created_at), 'community_post', CAST(p.id AS TEXT), json_object('topicId', t.id, 'title', t.title)
FROM `community_topics` t
JOIN `community_posts` p ON p.id = t.accepted_post_id
JOIN `community_members` m ON m.id = p.author_id
JOIN `contacts` c ON c.id = m.contact_id
WHERE t.deleted_at IS NULL AND p.deleted_at IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO `advocacy_records` (`key`, `kind`, `account_id`, `contact_id`, `at`, `source`, `source_id`, `detail`)
SELECT 'like_received:community_like:' || l.post_id || '-' || l.member_id || ':' || c.id, 'like_received', c.account_id, c.id, l.created_at, 'community_like', l.post_id || '-' || l.member_id, json_object('topicId', p.topic_id)
FROM `community_likes` l
JOIN `community_posts` p ON p.id = l.post_id
JOIN `community_members` m ON m.id = p.author_id
JOIN `contacts` c ON c.id = m.contact_id
WHERE l.member_id <> p.author_id AND p.deleted_at IS NULL;
