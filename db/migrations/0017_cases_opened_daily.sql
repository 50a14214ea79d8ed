CREATE TABLE `cases_opened_daily` (
	`day` integer NOT NULL,
	`status` text NOT NULL,
	`cases` integer NOT NULL,
	PRIMARY KEY(`day`, `status`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The dashboard's "cases opened in the period, by where they stand now", kept per UTC day of
-- opening (days since the epoch) and status instead of counted case by case on every view. Each
-- trigger takes a case out of the bucket it counted in and puts it in the one it counts in now.
INSERT INTO `cases_opened_daily` (`day`, `status`, `cases`)
SELECT `created_at` / 86400000, `status`, count(*) FROM `cases` GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER `cases_opened_daily_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO `cases_opened_daily` (`day`, `status`, `cases`) VALUES (new.`created_at` / 86400000, new.`status`, 1)
  ON CONFLICT DO UPDATE SET `cases` = `cases` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_opened_daily_delete` AFTER DELETE ON `cases` BEGIN
  UPDATE `cases_opened_daily` SET `cases` = `cases` - 1 WHERE `day` = old.`created_at` / 86400000 AND `status` = old.`status`;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_opened_daily_update` AFTER UPDATE OF `status`, `created_at` ON `cases`
WHEN old.`status` IS NOT new.`status` OR old.`created_at` IS NOT new.`created_at` BEGIN
  UPDATE `cases_opened_daily` SET `cases` = `cases` - 1 WHERE `day` = old.`created_at` / 86400000 AND `status` = old.`status`;
  INSERT INTO `cases_opened_daily` (`day`, `status`, `cases`) VALUES (new.`created_at` / 86400000, new.`status`, 1)
  ON CONFLICT DO UPDATE SET `cases` = `cases` + 1;
END;
