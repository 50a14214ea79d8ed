CREATE TABLE `community_join_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`account_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`locale` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`consumed_at` integer,
	`superseded_at` integer,
	`contact_id` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_join_links_token_idx` ON `community_join_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `community_join_links_email_idx` ON `community_join_links` (`email`,`created_at`);--> statement-breakpoint
CREATE TABLE `community_join_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`company` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`locale` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`account_id` integer,
	`contact_id` integer,
	`decided_by_user_id` integer,
	`decided_at` integer,
	`decline_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `community_join_requests_status_idx` ON `community_join_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `accounts_domain_idx` ON `accounts` (lower("domain"));