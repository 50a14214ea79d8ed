-- The two rollup tables are WITHOUT ROWID: they are read and written by their primary key only (decision 048).
CREATE TABLE `usage_daily` (
	`account_id` integer NOT NULL,
	`day` text NOT NULL,
	`type_id` integer NOT NULL,
	`events` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `type_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`type_id`) REFERENCES `usage_event_types`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `usage_daily_people` (
	`account_id` integer NOT NULL,
	`day` text NOT NULL,
	`person` integer NOT NULL,
	`events` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `person`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `usage_event_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_event_types_name_unique` ON `usage_event_types` (`name`);--> statement-breakpoint
CREATE TABLE `usage_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` integer,
	`person` integer,
	`type_id` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`properties` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`type_id`) REFERENCES `usage_event_types`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_events_eventId_unique` ON `usage_events` (`event_id`);--> statement-breakpoint
CREATE INDEX `usage_events_account_type_idx` ON `usage_events` (`account_id`,`type_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `usage_events_contact_idx` ON `usage_events` (`contact_id`);--> statement-breakpoint
CREATE TABLE `usage_segment_users` (
	`user_id` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `accounts` ADD `seats` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `product_user_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_productUserId_unique` ON `contacts` (`product_user_id`);