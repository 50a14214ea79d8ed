CREATE TABLE `revenue_movements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`type` text NOT NULL,
	`date` text NOT NULL,
	`arr_amount` integer NOT NULL,
	`arr_currency` text NOT NULL,
	`reason` text,
	`source` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revenue_movements_key_idx` ON `revenue_movements` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `revenue_movements_same_idx` ON `revenue_movements` (`account_id`,`type`,`date`,`arr_amount`,`arr_currency`);--> statement-breakpoint
CREATE INDEX `revenue_movements_account_date_idx` ON `revenue_movements` (`account_id`,`date`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
-- Hand-written: every existing account's history starts with its `new` movement on its start date, at its current ACV.
INSERT OR IGNORE INTO `revenue_movements` (`account_id`, `type`, `date`, `arr_amount`, `arr_currency`, `source`, `idempotency_key`)
SELECT `id`, 'new', `start_date`, `acv_amount`, `acv_currency`, 'start', 'account:' || `id` || ':new:' || `start_date` || ':' || `acv_amount` || ':' || `acv_currency` FROM `accounts`;
--> statement-breakpoint
-- Hand-written: an account's creation, however it happens (API, CSV, console, seed), records its `new` movement.
CREATE TRIGGER `accounts_revenue_new` AFTER INSERT ON `accounts` BEGIN
  INSERT OR IGNORE INTO `revenue_movements` (`account_id`, `type`, `date`, `arr_amount`, `arr_currency`, `source`, `idempotency_key`)
  VALUES (new.`id`, 'new', new.`start_date`, new.`acv_amount`, new.`acv_currency`, 'start', 'account:' || new.`id` || ':new:' || new.`start_date` || ':' || new.`acv_amount` || ':' || new.`acv_currency`);
END;
