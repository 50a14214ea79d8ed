CREATE TABLE `response_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`response_id` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `responses_campaign_idx` ON `responses` (`campaign_id`);--> statement-breakpoint
ALTER TABLE `invitations` DROP COLUMN `answered_at`;