ALTER TABLE `outbox` ADD `lease_boot` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_boot` text;