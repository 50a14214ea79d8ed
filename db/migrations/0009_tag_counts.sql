CREATE TABLE `tag_counts` (
	`tag_id` integer PRIMARY KEY NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Responses per tag, kept here instead of counted on every view of the tags page. A tag row
-- removed by a cascade (its response or its tag deleted) fires the delete trigger too.
INSERT INTO `tag_counts` (`tag_id`, `responses`)
SELECT t.`id`, (SELECT count(*) FROM `response_tags` rt WHERE rt.`tag_id` = t.`id`) FROM `tags` t;
--> statement-breakpoint
CREATE TRIGGER `tag_counts_tag_insert` AFTER INSERT ON `tags` BEGIN
  INSERT INTO `tag_counts` (`tag_id`) VALUES (new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `tag_counts_response_tag_insert` AFTER INSERT ON `response_tags` BEGIN
  UPDATE `tag_counts` SET `responses` = `responses` + 1 WHERE `tag_id` = new.`tag_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_counts_response_tag_delete` AFTER DELETE ON `response_tags` BEGIN
  UPDATE `tag_counts` SET `responses` = `responses` - 1 WHERE `tag_id` = old.`tag_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_counts_response_tag_update` AFTER UPDATE OF `tag_id` ON `response_tags` WHEN old.`tag_id` <> new.`tag_id` BEGIN
  UPDATE `tag_counts` SET `responses` = `responses` - 1 WHERE `tag_id` = old.`tag_id`;
  UPDATE `tag_counts` SET `responses` = `responses` + 1 WHERE `tag_id` = new.`tag_id`;
END;
