CREATE TABLE `nps_csm_period` (
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`csm_user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`segment` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer NOT NULL,
	PRIMARY KEY(`grain`, `period`, `csm_user_id`, `campaign_id`, `segment`, `score`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `nps_period` (
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`campaign_id` integer NOT NULL,
	`segment` text NOT NULL,
	`stage` text NOT NULL,
	`locale` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer NOT NULL,
	PRIMARY KEY(`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `nps_daily_csm_idx` ON `nps_daily` (`csm_user_id`,`day`);--> statement-breakpoint
-- The two tables are WITHOUT ROWID (added by hand; drizzle has no option for it): the primary key
-- is the table, so a dashboard's range of periods is read in key order with no second lookup.
-- They are sums of nps_daily, kept by its triggers below; existing counts are carried over first.
INSERT INTO `nps_period` (`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`, `responses`)
  SELECT 'day', `day`, `campaign_id`, `segment`, `stage`, `locale`, `score`, sum(`responses`) FROM `nps_daily` GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `nps_period` (`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`, `responses`)
  SELECT 'week', date(`day`, 'weekday 0', '-6 days'), `campaign_id`, `segment`, `stage`, `locale`, `score`, sum(`responses`) FROM `nps_daily` GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `nps_period` (`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`, `responses`)
  SELECT 'month', substr(`day`, 1, 8) || '01', `campaign_id`, `segment`, `stage`, `locale`, `score`, sum(`responses`) FROM `nps_daily` GROUP BY 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `nps_csm_period` (`grain`, `period`, `csm_user_id`, `campaign_id`, `segment`, `score`, `responses`)
  SELECT 'day', `day`, `csm_user_id`, `campaign_id`, `segment`, `score`, sum(`responses`) FROM `nps_daily` GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO `nps_csm_period` (`grain`, `period`, `csm_user_id`, `campaign_id`, `segment`, `score`, `responses`)
  SELECT 'month', substr(`day`, 1, 8) || '01', `csm_user_id`, `campaign_id`, `segment`, `score`, sum(`responses`) FROM `nps_daily` GROUP BY 2, 3, 4, 5, 6;
--> statement-breakpoint
-- A week starts on its Monday: 'weekday 0' moves to the week's Sunday (or stays on it), six days
-- back is its Monday. nps_daily rows are only added to (a count at 0 stays a row); only the full
-- rebuild deletes them, and it clears these tables itself.
CREATE TRIGGER `nps_daily_periods_insert` AFTER INSERT ON `nps_daily` BEGIN
  INSERT INTO `nps_period` (`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`, `responses`) VALUES
    ('day', new.`day`, new.`campaign_id`, new.`segment`, new.`stage`, new.`locale`, new.`score`, new.`responses`),
    ('week', date(new.`day`, 'weekday 0', '-6 days'), new.`campaign_id`, new.`segment`, new.`stage`, new.`locale`, new.`score`, new.`responses`),
    ('month', substr(new.`day`, 1, 8) || '01', new.`campaign_id`, new.`segment`, new.`stage`, new.`locale`, new.`score`, new.`responses`)
    ON CONFLICT (`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`) DO UPDATE SET `responses` = `responses` + excluded.`responses`;
  INSERT INTO `nps_csm_period` (`grain`, `period`, `csm_user_id`, `campaign_id`, `segment`, `score`, `responses`) VALUES
    ('day', new.`day`, new.`csm_user_id`, new.`campaign_id`, new.`segment`, new.`score`, new.`responses`),
    ('month', substr(new.`day`, 1, 8) || '01', new.`csm_user_id`, new.`campaign_id`, new.`segment`, new.`score`, new.`responses`)
    ON CONFLICT (`grain`, `period`, `csm_user_id`, `campaign_id`, `segment`, `score`) DO UPDATE SET `responses` = `responses` + excluded.`responses`;
END;
--> statement-breakpoint
CREATE TRIGGER `nps_daily_periods_update` AFTER UPDATE OF `responses` ON `nps_daily` WHEN new.`responses` <> old.`responses` BEGIN
  INSERT INTO `nps_period` (`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`, `responses`) VALUES
    ('day', new.`day`, new.`campaign_id`, new.`segment`, new.`stage`, new.`locale`, new.`score`, new.`responses` - old.`responses`),
    ('week', date(new.`day`, 'weekday 0', '-6 days'), new.`campaign_id`, new.`segment`, new.`stage`, new.`locale`, new.`score`, new.`responses` - old.`responses`),
    ('month', substr(new.`day`, 1, 8) || '01', new.`campaign_id`, new.`segment`, new.`stage`, new.`locale`, new.`score`, new.`responses` - old.`responses`)
    ON CONFLICT (`grain`, `period`, `campaign_id`, `segment`, `stage`, `locale`, `score`) DO UPDATE SET `responses` = `responses` + excluded.`responses`;
  INSERT INTO `nps_csm_period` (`grain`, `period`, `csm_user_id`, `campaign_id`, `segment`, `score`, `responses`) VALUES
    ('day', new.`day`, new.`csm_user_id`, new.`campaign_id`, new.`segment`, new.`score`, new.`responses` - old.`responses`),
    ('month', substr(new.`day`, 1, 8) || '01', new.`csm_user_id`, new.`campaign_id`, new.`segment`, new.`score`, new.`responses` - old.`responses`)
    ON CONFLICT (`grain`, `period`, `csm_user_id`, `campaign_id`, `segment`, `score`) DO UPDATE SET `responses` = `responses` + excluded.`responses`;
END;
