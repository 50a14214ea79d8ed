CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_user_id` integer,
	`body` text,
	`data` text,
	`outbox_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`owner_user_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`close_reason` text,
	`due_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_response_idx` ON `cases` (`response_id`);--> statement-breakpoint
CREATE INDEX `cases_owner_idx` ON `cases` (`owner_user_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_account_idx` ON `cases` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `invitations_daily` (
	`day` text NOT NULL,
	`campaign_id` integer NOT NULL,
	`segment` text NOT NULL,
	`csm_user_id` integer NOT NULL,
	`stage` text NOT NULL,
	`locale` text NOT NULL,
	`invitations` integer NOT NULL,
	PRIMARY KEY(`day`, `campaign_id`, `segment`, `csm_user_id`, `stage`, `locale`)
);
--> statement-breakpoint
CREATE TABLE `nps_daily` (
	`day` text NOT NULL,
	`campaign_id` integer NOT NULL,
	`segment` text NOT NULL,
	`csm_user_id` integer NOT NULL,
	`stage` text NOT NULL,
	`locale` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer NOT NULL,
	PRIMARY KEY(`day`, `campaign_id`, `segment`, `csm_user_id`, `stage`, `locale`, `score`)
);
--> statement-breakpoint
CREATE TABLE `promoter_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_user_id` integer,
	`outbox_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promoter_actions_response_kind_idx` ON `promoter_actions` (`response_id`,`kind`);--> statement-breakpoint
CREATE TABLE `response_rollup` (
	`response_id` integer PRIMARY KEY NOT NULL,
	`day` text NOT NULL,
	`campaign_id` integer NOT NULL,
	`segment` text NOT NULL,
	`csm_user_id` integer NOT NULL,
	`stage` text NOT NULL,
	`locale` text NOT NULL,
	`score` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `response_tags` (
	`response_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`response_id`, `tag_id`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `response_tags_tag_idx` ON `response_tags` (`tag_id`,`response_id`);--> statement-breakpoint
CREATE TABLE `tag_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tag_id` integer NOT NULL,
	`keywords` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name_unique` ON `tags` (`name`);--> statement-breakpoint
-- Comment search. The text is prepared by the app (each Japanese character a token of its own,
-- so a phrase query finds any substring); kept by the response pipeline, rowid = response id.
CREATE VIRTUAL TABLE `responses_fts` USING fts5(`body`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
-- A deleted response (its contact or account deleted) leaves the search index and the
-- dashboard counts at once; the pipeline never hears of deletions.
CREATE TRIGGER `responses_derived_delete` AFTER DELETE ON `responses` BEGIN
  DELETE FROM `responses_fts` WHERE rowid = old.id;
  UPDATE `nps_daily` SET `responses` = `responses` - 1
    WHERE (`day`, `campaign_id`, `segment`, `csm_user_id`, `stage`, `locale`, `score`) =
      (SELECT `day`, `campaign_id`, `segment`, `csm_user_id`, `stage`, `locale`, `score` FROM `response_rollup` WHERE `response_id` = old.id);
  DELETE FROM `response_rollup` WHERE `response_id` = old.id;
END;
