CREATE TABLE `outbox_bodies` (
	`outbox_id` integer PRIMARY KEY NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Every email keeps its body, now in a row of its own. A body already emptied (an email that held
-- working links and has left, migration 0012) has none: the console says it was removed.
INSERT INTO `outbox_bodies` (`outbox_id`, `html`, `text`) SELECT `id`, `html`, `text` FROM `outbox` WHERE `html` <> '' OR `text` <> '';--> statement-breakpoint
ALTER TABLE `outbox` DROP COLUMN `html`;--> statement-breakpoint
ALTER TABLE `outbox` DROP COLUMN `text`;