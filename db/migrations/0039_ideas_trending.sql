CREATE TABLE `idea_vote_days` (
	`day` integer NOT NULL,
	`idea_id` integer NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `idea_id`)
);
--> statement-breakpoint
-- Votes per idea and UTC day, for the trending order (decision 051): a vote adds one to its day,
-- a withdrawal takes it back (the row goes with its last vote), a vote moved by a merge moves too.
CREATE TRIGGER `idea_vote_days_insert` AFTER INSERT ON `idea_votes` BEGIN
  INSERT INTO `idea_vote_days` (`day`, `idea_id`, `votes`) VALUES (NEW.`created_at` / 86400000, NEW.`idea_id`, 1)
    ON CONFLICT (`day`, `idea_id`) DO UPDATE SET `votes` = `votes` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `idea_vote_days_delete` AFTER DELETE ON `idea_votes` BEGIN
  UPDATE `idea_vote_days` SET `votes` = `votes` - 1 WHERE `day` = OLD.`created_at` / 86400000 AND `idea_id` = OLD.`idea_id`;
  DELETE FROM `idea_vote_days` WHERE `day` = OLD.`created_at` / 86400000 AND `idea_id` = OLD.`idea_id` AND `votes` <= 0;
END;--> statement-breakpoint
CREATE TRIGGER `idea_vote_days_update` AFTER UPDATE OF `idea_id`, `created_at` ON `idea_votes` BEGIN
  UPDATE `idea_vote_days` SET `votes` = `votes` - 1 WHERE `day` = OLD.`created_at` / 86400000 AND `idea_id` = OLD.`idea_id`;
  DELETE FROM `idea_vote_days` WHERE `day` = OLD.`created_at` / 86400000 AND `idea_id` = OLD.`idea_id` AND `votes` <= 0;
  INSERT INTO `idea_vote_days` (`day`, `idea_id`, `votes`) VALUES (NEW.`created_at` / 86400000, NEW.`idea_id`, 1)
    ON CONFLICT (`day`, `idea_id`) DO UPDATE SET `votes` = `votes` + 1;
END;--> statement-breakpoint
-- The votes already cast.
INSERT INTO `idea_vote_days` (`day`, `idea_id`, `votes`) SELECT `created_at` / 86400000, `idea_id`, count(*) FROM `idea_votes` GROUP BY 1, 2;
