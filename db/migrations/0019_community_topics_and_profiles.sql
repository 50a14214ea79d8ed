ALTER TABLE `community_members` ADD `title` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `community_topics_top_idx` ON `community_topics` (`like_count`,`reply_count`);