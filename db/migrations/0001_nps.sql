CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`targeting` text NOT NULL,
	`rules` text NOT NULL,
	`survey` text,
	`scheduled_at` integer,
	`launched_at` integer,
	`closes_at` integer,
	`cancelled_at` integer,
	`recipients` integer DEFAULT 0 NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `campaigns_status_idx` ON `campaigns` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`unsubscribe_token_hash` text NOT NULL,
	`locale` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`due_at` integer NOT NULL,
	`outbox_id` integer,
	`sent_at` integer,
	`delivered_at` integer,
	`bounced_at` integer,
	`reminded_at` integer,
	`scanned_at` integer,
	`answered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_idx` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_unsubscribe_token_idx` ON `invitations` (`unsubscribe_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_campaign_contact_idx` ON `invitations` (`campaign_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `invitations_contact_idx` ON `invitations` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `invitations_due_idx` ON `invitations` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `invitations_outbox_idx` ON `invitations` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `response_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `response_changes_response_idx` ON `response_changes` (`response_id`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invitation_id` integer,
	`campaign_id` integer,
	`contact_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`category` text NOT NULL,
	`locale` text NOT NULL,
	`channel` text DEFAULT 'email' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_invitation_idx` ON `responses` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `responses_updated_idx` ON `responses` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `responses_contact_idx` ON `responses` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `responses_account_idx` ON `responses` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `responses_category_idx` ON `responses` (`category`,`updated_at`);--> statement-breakpoint
CREATE TABLE `suppressions` (
	`email` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_provider_idx` ON `outbox` (`provider_id`);