CREATE TABLE `account_community_stats` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`members` integer DEFAULT 0 NOT NULL,
	`topics` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`accepted_answers` integer DEFAULT 0 NOT NULL,
	`likes_received` integer DEFAULT 0 NOT NULL,
	`last_activity_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `community_activity_weeks` (
	`week_start` integer NOT NULL,
	`member_id` integer NOT NULL,
	PRIMARY KEY(`week_start`, `member_id`),
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `community_topic_answers` (
	`topic_id` integer PRIMARY KEY NOT NULL,
	`asker_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`first_answer_at` integer,
	FOREIGN KEY (`topic_id`) REFERENCES `community_topics`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `community_topic_answers_created_idx` ON `community_topic_answers` (`created_at`,`first_answer_at`);--> statement-breakpoint
CREATE INDEX `community_topic_answers_waiting_idx` ON `community_topic_answers` (`created_at`) WHERE "community_topic_answers"."first_answer_at" IS NULL;--> statement-breakpoint
-- Participation per account follows the member rows' counters (which the posting, liking and
-- accepting services keep): a member of a contact adds to their account's row, a counter moving
-- moves it by the difference, a member leaving or a contact changing account moves it back.
CREATE TRIGGER `community_members_stats_insert` AFTER INSERT ON `community_members` WHEN NEW.`contact_id` IS NOT NULL BEGIN
	INSERT INTO `account_community_stats` (`account_id`, `members`, `topics`, `replies`, `accepted_answers`, `likes_received`, `last_activity_at`)
	SELECT c.`account_id`, 1, NEW.`topic_count`, NEW.`reply_count`, NEW.`accepted_answer_count`, NEW.`likes_received`, NEW.`last_posted_at` FROM `contacts` c WHERE c.`id` = NEW.`contact_id`
	ON CONFLICT (`account_id`) DO UPDATE SET
		`members` = `members` + 1,
		`topics` = `topics` + excluded.`topics`,
		`replies` = `replies` + excluded.`replies`,
		`accepted_answers` = `accepted_answers` + excluded.`accepted_answers`,
		`likes_received` = `likes_received` + excluded.`likes_received`,
		`last_activity_at` = nullif(max(coalesce(`last_activity_at`, 0), coalesce(excluded.`last_activity_at`, 0)), 0);
END;
--> statement-breakpoint
CREATE TRIGGER `community_members_stats_update` AFTER UPDATE OF `topic_count`, `reply_count`, `accepted_answer_count`, `likes_received`, `last_posted_at` ON `community_members`
WHEN NEW.`contact_id` IS NOT NULL AND NEW.`contact_id` IS OLD.`contact_id` BEGIN
	UPDATE `account_community_stats` SET
		`topics` = `topics` + NEW.`topic_count` - OLD.`topic_count`,
		`replies` = `replies` + NEW.`reply_count` - OLD.`reply_count`,
		`accepted_answers` = `accepted_answers` + NEW.`accepted_answer_count` - OLD.`accepted_answer_count`,
		`likes_received` = `likes_received` + NEW.`likes_received` - OLD.`likes_received`,
		`last_activity_at` = nullif(max(coalesce(`last_activity_at`, 0), coalesce(NEW.`last_posted_at`, 0)), 0)
	WHERE `account_id` = (SELECT `account_id` FROM `contacts` WHERE `id` = NEW.`contact_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `community_members_stats_delete` AFTER DELETE ON `community_members` WHEN OLD.`contact_id` IS NOT NULL BEGIN
	UPDATE `account_community_stats` SET
		`members` = `members` - 1,
		`topics` = `topics` - OLD.`topic_count`,
		`replies` = `replies` - OLD.`reply_count`,
		`accepted_answers` = `accepted_answers` - OLD.`accepted_answer_count`,
		`likes_received` = `likes_received` - OLD.`likes_received`
	WHERE `account_id` = (SELECT `account_id` FROM `contacts` WHERE `id` = OLD.`contact_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_community_stats_move` AFTER UPDATE OF `account_id` ON `contacts` WHEN NEW.`account_id` IS NOT OLD.`account_id` BEGIN
	UPDATE `account_community_stats` SET
		`members` = `account_community_stats`.`members` - 1,
		`topics` = `account_community_stats`.`topics` - m.`topic_count`,
		`replies` = `account_community_stats`.`replies` - m.`reply_count`,
		`accepted_answers` = `account_community_stats`.`accepted_answers` - m.`accepted_answer_count`,
		`likes_received` = `account_community_stats`.`likes_received` - m.`likes_received`
	FROM (SELECT * FROM `community_members` WHERE `contact_id` = NEW.`id`) AS m
	WHERE `account_community_stats`.`account_id` = OLD.`account_id`;
	INSERT INTO `account_community_stats` (`account_id`, `members`, `topics`, `replies`, `accepted_answers`, `likes_received`, `last_activity_at`)
	SELECT NEW.`account_id`, 1, m.`topic_count`, m.`reply_count`, m.`accepted_answer_count`, m.`likes_received`, m.`last_posted_at` FROM `community_members` m WHERE m.`contact_id` = NEW.`id`
	ON CONFLICT (`account_id`) DO UPDATE SET
		`members` = `members` + 1,
		`topics` = `topics` + excluded.`topics`,
		`replies` = `replies` + excluded.`replies`,
		`accepted_answers` = `accepted_answers` + excluded.`accepted_answers`,
		`likes_received` = `likes_received` + excluded.`likes_received`,
		`last_activity_at` = nullif(max(coalesce(`last_activity_at`, 0), coalesce(excluded.`last_activity_at`, 0)), 0);
END;
--> statement-breakpoint
-- A topic's first answer: the earliest visible reply by anyone but the asker.
CREATE TRIGGER `community_topics_answers_insert` AFTER INSERT ON `community_topics` BEGIN
	INSERT INTO `community_topic_answers` (`topic_id`, `asker_id`, `created_at`) VALUES (NEW.`id`, NEW.`author_id`, NEW.`created_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `community_posts_answers_insert` AFTER INSERT ON `community_posts`
WHEN NEW.`post_number` > 1 AND NEW.`state` = 'published' AND NEW.`hidden_at` IS NULL AND NEW.`deleted_at` IS NULL BEGIN
	UPDATE `community_topic_answers` SET `first_answer_at` = NEW.`created_at`
	WHERE `topic_id` = NEW.`topic_id` AND `asker_id` <> NEW.`author_id` AND (`first_answer_at` IS NULL OR `first_answer_at` > NEW.`created_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `community_posts_answers_update` AFTER UPDATE OF `state`, `hidden_at`, `deleted_at`, `topic_id`, `post_number` ON `community_posts` BEGIN
	UPDATE `community_topic_answers` SET `first_answer_at` = (
		SELECT min(p.`created_at`) FROM `community_posts` p
		WHERE p.`topic_id` = `community_topic_answers`.`topic_id` AND p.`post_number` > 1 AND p.`state` = 'published'
			AND p.`hidden_at` IS NULL AND p.`deleted_at` IS NULL AND p.`author_id` <> `community_topic_answers`.`asker_id`
	)
	WHERE `topic_id` IN (OLD.`topic_id`, NEW.`topic_id`);
END;
--> statement-breakpoint
-- Weekly activity (Monday 00:00 UTC): writing a post or liking one.
CREATE TRIGGER `community_posts_activity_week` AFTER INSERT ON `community_posts` BEGIN
	INSERT OR IGNORE INTO `community_activity_weeks` (`week_start`, `member_id`)
	VALUES (((NEW.`created_at` / 86400000) - ((NEW.`created_at` / 86400000 + 3) % 7)) * 86400000, NEW.`author_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `community_likes_activity_week` AFTER INSERT ON `community_likes` BEGIN
	INSERT OR IGNORE INTO `community_activity_weeks` (`week_start`, `member_id`)
	VALUES (((NEW.`created_at` / 86400000) - ((NEW.`created_at` / 86400000 + 3) % 7)) * 86400000, NEW.`member_id`);
END;
--> statement-breakpoint
-- Backfill what already exists.
INSERT INTO `account_community_stats` (`account_id`, `members`, `topics`, `replies`, `accepted_answers`, `likes_received`, `last_activity_at`)
SELECT c.`account_id`, count(*), sum(m.`topic_count`), sum(m.`reply_count`), sum(m.`accepted_answer_count`), sum(m.`likes_received`), max(m.`last_posted_at`)
FROM `community_members` m JOIN `contacts` c ON c.`id` = m.`contact_id` GROUP BY c.`account_id`;
--> statement-breakpoint
INSERT INTO `community_topic_answers` (`topic_id`, `asker_id`, `created_at`, `first_answer_at`)
SELECT t.`id`, t.`author_id`, t.`created_at`, (
	SELECT min(p.`created_at`) FROM `community_posts` p
	WHERE p.`topic_id` = t.`id` AND p.`post_number` > 1 AND p.`state` = 'published' AND p.`hidden_at` IS NULL AND p.`deleted_at` IS NULL AND p.`author_id` <> t.`author_id`
) FROM `community_topics` t;
--> statement-breakpoint
INSERT OR IGNORE INTO `community_activity_weeks` (`week_start`, `member_id`)
SELECT ((`created_at` / 86400000) - ((`created_at` / 86400000 + 3) % 7)) * 86400000, `author_id` FROM `community_posts`
UNION SELECT ((`created_at` / 86400000) - ((`created_at` / 86400000 + 3) % 7)) * 86400000, `member_id` FROM `community_likes`;
