CREATE TABLE `idea_accounts` (
	`idea_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`author` integer DEFAULT 0 NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`idea_id`, `account_id`)
);
--> statement-breakpoint
CREATE INDEX `idea_accounts_account_idx` ON `idea_accounts` (`account_id`);--> statement-breakpoint
CREATE TABLE `idea_rebuilding` (
	`id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `idea_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` integer,
	`quote` text DEFAULT '' NOT NULL,
	`importance` text DEFAULT 'nice' NOT NULL,
	`source` text DEFAULT 'console' NOT NULL,
	`logged_by_user_id` integer,
	`api_key_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`topic_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`logged_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_requests_idea_idx` ON `idea_requests` (`idea_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idea_requests_account_idx` ON `idea_requests` (`account_id`);--> statement-breakpoint
CREATE TABLE `idea_response_links` (
	`idea_id` integer NOT NULL,
	`response_id` integer NOT NULL,
	`linked_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`idea_id`, `response_id`),
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`topic_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`linked_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_response_links_response_idx` ON `idea_response_links` (`response_id`);--> statement-breakpoint
CREATE TABLE `idea_status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea_id` integer NOT NULL,
	`from_status` text NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`topic_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_status_changes_idea_idx` ON `idea_status_changes` (`idea_id`,`id`);--> statement-breakpoint
CREATE INDEX `idea_status_changes_status_idx` ON `idea_status_changes` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `idea_votes` (
	`idea_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`account_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`idea_id`, `member_id`),
	FOREIGN KEY (`idea_id`) REFERENCES `ideas`(`topic_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `community_members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idea_votes_member_idx` ON `idea_votes` (`member_id`);--> statement-breakpoint
CREATE INDEX `idea_votes_recent_idx` ON `idea_votes` (`created_at`,`idea_id`);--> statement-breakpoint
CREATE TABLE `ideas` (
	`topic_id` integer PRIMARY KEY NOT NULL,
	`category_id` integer NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`problem` text DEFAULT '' NOT NULL,
	`offer` text DEFAULT 'included' NOT NULL,
	`tracker_url` text,
	`owner_user_id` integer,
	`author_account_id` integer,
	`areas` text DEFAULT '[]' NOT NULL,
	`listed` integer DEFAULT true NOT NULL,
	`vote_count` integer DEFAULT 0 NOT NULL,
	`account_count` integer DEFAULT 0 NOT NULL,
	`arr_minor` integer DEFAULT 0 NOT NULL,
	`high_count` integer DEFAULT 0 NOT NULL,
	`low_count` integer DEFAULT 0 NOT NULL,
	`tech_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `community_topics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `community_categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `ideas_arr_idx` ON `ideas` ("arr_minor" DESC,"topic_id" DESC) WHERE "ideas"."listed" = 1;--> statement-breakpoint
CREATE INDEX `ideas_votes_idx` ON `ideas` ("vote_count" DESC,"topic_id" DESC) WHERE "ideas"."listed" = 1;--> statement-breakpoint
CREATE INDEX `ideas_status_arr_idx` ON `ideas` (`status`,"arr_minor" DESC,"topic_id" DESC) WHERE "ideas"."listed" = 1;--> statement-breakpoint
CREATE INDEX `ideas_status_votes_idx` ON `ideas` (`status`,"vote_count" DESC,"topic_id" DESC) WHERE "ideas"."listed" = 1;--> statement-breakpoint
CREATE INDEX `ideas_status_new_idx` ON `ideas` (`status`,"topic_id" DESC) WHERE "ideas"."listed" = 1;--> statement-breakpoint
-- The ideas board every install starts with (its slug is a public contract: /community/new?category=ideas).
INSERT INTO `community_categories` (`slug`, `kind`, `name_en`, `name_ja`, `description_en`, `description_ja`, `position`, `colour`, `staff_only_topics`) VALUES
	('ideas', 'ideas', 'Ideas', 'アイデア', 'Suggest what the product should do next and vote for the ideas you need. The team answers with a status.', '製品への要望を投稿し、必要なアイデアに投票しましょう。チームがステータスでお答えします。', 4, '#7c3aed', false)
	ON CONFLICT (`slug`) DO NOTHING;--> statement-breakpoint
-- Every topic of an ideas category has its idea row: written when the topic is posted there...
CREATE TRIGGER `ideas_topic_insert` AFTER INSERT ON `community_topics`
  WHEN (SELECT `kind` FROM `community_categories` WHERE `id` = NEW.`category_id`) = 'ideas' BEGIN
  INSERT OR IGNORE INTO `ideas` (`topic_id`, `category_id`, `author_account_id`, `listed`, `created_at`, `updated_at`)
    SELECT NEW.`id`, NEW.`category_id`, (SELECT c.`account_id` FROM `community_members` m JOIN `contacts` c ON c.`id` = m.`contact_id` WHERE m.`id` = NEW.`author_id`),
      NEW.`deleted_at` IS NULL AND NEW.`hidden_at` IS NULL, NEW.`created_at`, NEW.`created_at`;
END;--> statement-breakpoint
-- ...or moved (or split) into one; a move elsewhere keeps the row and its votes (moving back restores the idea).
CREATE TRIGGER `ideas_topic_move` AFTER UPDATE OF `category_id` ON `community_topics`
  WHEN NEW.`category_id` IS NOT OLD.`category_id` BEGIN
  INSERT OR IGNORE INTO `ideas` (`topic_id`, `category_id`, `author_account_id`, `listed`, `created_at`, `updated_at`)
    SELECT NEW.`id`, NEW.`category_id`, (SELECT c.`account_id` FROM `community_members` m JOIN `contacts` c ON c.`id` = m.`contact_id` WHERE m.`id` = NEW.`author_id`),
      NEW.`deleted_at` IS NULL AND NEW.`hidden_at` IS NULL, NEW.`created_at`, NEW.`created_at`
    WHERE (SELECT `kind` FROM `community_categories` WHERE `id` = NEW.`category_id`) = 'ideas';
  UPDATE `ideas` SET `category_id` = NEW.`category_id`,
    `listed` = NEW.`deleted_at` IS NULL AND NEW.`hidden_at` IS NULL AND (SELECT `kind` FROM `community_categories` WHERE `id` = NEW.`category_id`) = 'ideas'
    WHERE `topic_id` = NEW.`id`;
END;--> statement-breakpoint
-- Boards list only ideas a member can read: a deleted, merged or hidden topic leaves them.
CREATE TRIGGER `ideas_topic_visibility` AFTER UPDATE OF `deleted_at`, `hidden_at` ON `community_topics`
  WHEN (NEW.`deleted_at` IS NULL AND NEW.`hidden_at` IS NULL) IS NOT (OLD.`deleted_at` IS NULL AND OLD.`hidden_at` IS NULL) BEGIN
  UPDATE `ideas` SET `listed` = NEW.`deleted_at` IS NULL AND NEW.`hidden_at` IS NULL
    AND (SELECT `kind` FROM `community_categories` WHERE `id` = `ideas`.`category_id`) = 'ideas'
    WHERE `topic_id` = NEW.`id`;
END;--> statement-breakpoint
-- The author's account is one reason an account asks.
CREATE TRIGGER `ideas_author_insert` AFTER INSERT ON `ideas` WHEN NEW.`author_account_id` IS NOT NULL BEGIN
  INSERT OR IGNORE INTO `idea_accounts` (`idea_id`, `account_id`) VALUES (NEW.`topic_id`, NEW.`author_account_id`);
  UPDATE `idea_accounts` SET `author` = `author` + 1 WHERE `idea_id` = NEW.`topic_id` AND `account_id` = NEW.`author_account_id`;
END;--> statement-breakpoint
CREATE TRIGGER `ideas_author_update` AFTER UPDATE OF `author_account_id` ON `ideas` WHEN NEW.`author_account_id` IS NOT OLD.`author_account_id` BEGIN
  UPDATE `idea_accounts` SET `author` = `author` - 1 WHERE `idea_id` = OLD.`topic_id` AND `account_id` = OLD.`author_account_id`;
  INSERT OR IGNORE INTO `idea_accounts` (`idea_id`, `account_id`) SELECT NEW.`topic_id`, NEW.`author_account_id` WHERE NEW.`author_account_id` IS NOT NULL;
  UPDATE `idea_accounts` SET `author` = `author` + 1 WHERE `idea_id` = NEW.`topic_id` AND `account_id` = NEW.`author_account_id`;
END;--> statement-breakpoint
-- Votes: the idea's vote count, and its voter's account as a reason.
CREATE TRIGGER `idea_votes_insert` AFTER INSERT ON `idea_votes` BEGIN
  UPDATE `ideas` SET `vote_count` = `vote_count` + 1 WHERE `topic_id` = NEW.`idea_id`;
  INSERT OR IGNORE INTO `idea_accounts` (`idea_id`, `account_id`) SELECT NEW.`idea_id`, NEW.`account_id` WHERE NEW.`account_id` IS NOT NULL;
  UPDATE `idea_accounts` SET `votes` = `votes` + 1 WHERE `idea_id` = NEW.`idea_id` AND `account_id` = NEW.`account_id`;
END;--> statement-breakpoint
CREATE TRIGGER `idea_votes_delete` AFTER DELETE ON `idea_votes` BEGIN
  UPDATE `ideas` SET `vote_count` = `vote_count` - 1 WHERE `topic_id` = OLD.`idea_id`;
  UPDATE `idea_accounts` SET `votes` = `votes` - 1 WHERE `idea_id` = OLD.`idea_id` AND `account_id` = OLD.`account_id`;
END;--> statement-breakpoint
CREATE TRIGGER `idea_votes_update` AFTER UPDATE OF `idea_id`, `account_id` ON `idea_votes` BEGIN
  UPDATE `ideas` SET `vote_count` = `vote_count` - 1 WHERE `topic_id` = OLD.`idea_id`;
  UPDATE `idea_accounts` SET `votes` = `votes` - 1 WHERE `idea_id` = OLD.`idea_id` AND `account_id` = OLD.`account_id`;
  UPDATE `ideas` SET `vote_count` = `vote_count` + 1 WHERE `topic_id` = NEW.`idea_id`;
  INSERT OR IGNORE INTO `idea_accounts` (`idea_id`, `account_id`) SELECT NEW.`idea_id`, NEW.`account_id` WHERE NEW.`account_id` IS NOT NULL;
  UPDATE `idea_accounts` SET `votes` = `votes` + 1 WHERE `idea_id` = NEW.`idea_id` AND `account_id` = NEW.`account_id`;
END;--> statement-breakpoint
-- Requests logged on behalf of an account.
CREATE TRIGGER `idea_requests_insert` AFTER INSERT ON `idea_requests` BEGIN
  INSERT OR IGNORE INTO `idea_accounts` (`idea_id`, `account_id`) VALUES (NEW.`idea_id`, NEW.`account_id`);
  UPDATE `idea_accounts` SET `requests` = `requests` + 1 WHERE `idea_id` = NEW.`idea_id` AND `account_id` = NEW.`account_id`;
END;--> statement-breakpoint
CREATE TRIGGER `idea_requests_delete` AFTER DELETE ON `idea_requests` BEGIN
  UPDATE `idea_accounts` SET `requests` = `requests` - 1 WHERE `idea_id` = OLD.`idea_id` AND `account_id` = OLD.`account_id`;
END;--> statement-breakpoint
CREATE TRIGGER `idea_requests_update` AFTER UPDATE OF `idea_id`, `account_id` ON `idea_requests` BEGIN
  UPDATE `idea_accounts` SET `requests` = `requests` - 1 WHERE `idea_id` = OLD.`idea_id` AND `account_id` = OLD.`account_id`;
  INSERT OR IGNORE INTO `idea_accounts` (`idea_id`, `account_id`) VALUES (NEW.`idea_id`, NEW.`account_id`);
  UPDATE `idea_accounts` SET `requests` = `requests` + 1 WHERE `idea_id` = NEW.`idea_id` AND `account_id` = NEW.`account_id`;
END;--> statement-breakpoint
-- An account with no reason left leaves the idea.
CREATE TRIGGER `idea_accounts_empty` AFTER UPDATE OF `author`, `votes`, `requests` ON `idea_accounts`
  WHEN NEW.`author` + NEW.`votes` + NEW.`requests` <= 0 BEGIN
  DELETE FROM `idea_accounts` WHERE `idea_id` = NEW.`idea_id` AND `account_id` = NEW.`account_id`;
END;--> statement-breakpoint
-- An account joining or leaving an idea moves its count, ARR (ACV at today's rate) and segment counts.
CREATE TRIGGER `idea_accounts_insert` AFTER INSERT ON `idea_accounts` WHEN NOT EXISTS (SELECT 1 FROM `idea_rebuilding`) BEGIN
  UPDATE `ideas` SET `account_count` = `account_count` + 1,
    `arr_minor` = `arr_minor` + coalesce((SELECT `acv_reporting_minor` FROM `accounts` WHERE `id` = NEW.`account_id`), 0),
    `high_count` = `high_count` + coalesce((SELECT `segment` = 'high' FROM `accounts` WHERE `id` = NEW.`account_id`), 0),
    `low_count` = `low_count` + coalesce((SELECT `segment` = 'low' FROM `accounts` WHERE `id` = NEW.`account_id`), 0),
    `tech_count` = `tech_count` + coalesce((SELECT `segment` = 'tech' FROM `accounts` WHERE `id` = NEW.`account_id`), 0)
    WHERE `topic_id` = NEW.`idea_id`;
END;--> statement-breakpoint
CREATE TRIGGER `idea_accounts_delete` AFTER DELETE ON `idea_accounts` WHEN NOT EXISTS (SELECT 1 FROM `idea_rebuilding`) BEGIN
  UPDATE `ideas` SET `account_count` = `account_count` - 1,
    `arr_minor` = `arr_minor` - coalesce((SELECT `acv_reporting_minor` FROM `accounts` WHERE `id` = OLD.`account_id`), 0),
    `high_count` = `high_count` - coalesce((SELECT `segment` = 'high' FROM `accounts` WHERE `id` = OLD.`account_id`), 0),
    `low_count` = `low_count` - coalesce((SELECT `segment` = 'low' FROM `accounts` WHERE `id` = OLD.`account_id`), 0),
    `tech_count` = `tech_count` - coalesce((SELECT `segment` = 'tech' FROM `accounts` WHERE `id` = OLD.`account_id`), 0)
    WHERE `topic_id` = OLD.`idea_id`;
END;--> statement-breakpoint
-- An account's ACV in the reporting currency (its ACV or a rate changed: migration 0009's triggers and
-- the rate service rewrite acv_reporting_minor) or its segment changed: every idea it asks for follows.
CREATE TRIGGER `accounts_idea_asking` AFTER UPDATE OF `acv_reporting_minor`, `segment` ON `accounts`
  WHEN OLD.`acv_reporting_minor` IS NOT NEW.`acv_reporting_minor` OR OLD.`segment` IS NOT NEW.`segment` BEGIN
  UPDATE `ideas` SET
    `arr_minor` = `arr_minor` - coalesce(OLD.`acv_reporting_minor`, 0) + coalesce(NEW.`acv_reporting_minor`, 0),
    `high_count` = `high_count` - (OLD.`segment` = 'high') + (NEW.`segment` = 'high'),
    `low_count` = `low_count` - (OLD.`segment` = 'low') + (NEW.`segment` = 'low'),
    `tech_count` = `tech_count` - (OLD.`segment` = 'tech') + (NEW.`segment` = 'tech')
    WHERE `topic_id` IN (SELECT `idea_id` FROM `idea_accounts` WHERE `account_id` = NEW.`id`);
END;--> statement-breakpoint
-- A deleted account leaves its ideas while its ACV can still be read (its votes and requests go with its contacts).
CREATE TRIGGER `accounts_idea_asking_delete` BEFORE DELETE ON `accounts` BEGIN
  DELETE FROM `idea_accounts` WHERE `account_id` = OLD.`id`;
END;--> statement-breakpoint
-- Ideas of an existing database: topics already in an ideas category get their row.
INSERT OR IGNORE INTO `ideas` (`topic_id`, `category_id`, `author_account_id`, `listed`, `created_at`, `updated_at`)
  SELECT t.`id`, t.`category_id`, (SELECT c.`account_id` FROM `community_members` m JOIN `contacts` c ON c.`id` = m.`contact_id` WHERE m.`id` = t.`author_id`),
    t.`deleted_at` IS NULL AND t.`hidden_at` IS NULL, t.`created_at`, t.`created_at`
  FROM `community_topics` t JOIN `community_categories` k ON k.`id` = t.`category_id` WHERE k.`kind` = 'ideas';
