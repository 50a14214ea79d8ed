CREATE TABLE `exchange_rates` (
	`currency` text NOT NULL,
	`quote_currency` text NOT NULL,
	`effective_date` text NOT NULL,
	`rate` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`quote_currency`, `currency`, `effective_date`),
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `reporting_factors` (
	`currency` text PRIMARY KEY NOT NULL,
	`factor` real NOT NULL,
	`rate` text NOT NULL,
	`effective_date` text
);
--> statement-breakpoint
ALTER TABLE `accounts` ADD `acv_reporting_minor` integer;--> statement-breakpoint
CREATE INDEX `accounts_stake_idx` ON `accounts` (ifnull("acv_reporting_minor", -1) DESC, coalesce("renewal_date", '9999-12-31'), `id`);--> statement-breakpoint
-- Hand-written below. The reporting currency defaults to JPY until an admin picks one: it converts
-- to itself at factor 1, every other currency waits for a rate.
INSERT INTO `reporting_factors` (`currency`, `factor`, `rate`, `effective_date`) VALUES ('JPY', 1, '1', NULL);--> statement-breakpoint
UPDATE `accounts` SET `acv_reporting_minor` = (SELECT CAST(`accounts`.`acv_amount` * f.`factor` + 0.5 AS INTEGER) FROM `reporting_factors` f WHERE f.`currency` = `accounts`.`acv_currency`);--> statement-breakpoint
-- Every write of an ACV (CSV import, API, seed, tests) gets its converted amount from the factor in
-- force, the same formula as convertMinor in app/domain/money.ts (amounts are never negative). A
-- writer that already wrote the right amount (the seed) costs a lookup, not a second write.
CREATE TRIGGER `accounts_acv_reporting_insert` AFTER INSERT ON `accounts`
  WHEN NEW.`acv_reporting_minor` IS NOT (SELECT CAST(NEW.`acv_amount` * f.`factor` + 0.5 AS INTEGER) FROM `reporting_factors` f WHERE f.`currency` = NEW.`acv_currency`) BEGIN
  UPDATE `accounts` SET `acv_reporting_minor` = (SELECT CAST(NEW.`acv_amount` * f.`factor` + 0.5 AS INTEGER) FROM `reporting_factors` f WHERE f.`currency` = NEW.`acv_currency`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `accounts_acv_reporting_update` AFTER UPDATE OF `acv_amount`, `acv_currency` ON `accounts`
  WHEN NEW.`acv_reporting_minor` IS NOT (SELECT CAST(NEW.`acv_amount` * f.`factor` + 0.5 AS INTEGER) FROM `reporting_factors` f WHERE f.`currency` = NEW.`acv_currency`) BEGIN
  UPDATE `accounts` SET `acv_reporting_minor` = (SELECT CAST(NEW.`acv_amount` * f.`factor` + 0.5 AS INTEGER) FROM `reporting_factors` f WHERE f.`currency` = NEW.`acv_currency`) WHERE `id` = NEW.`id`;
END;
