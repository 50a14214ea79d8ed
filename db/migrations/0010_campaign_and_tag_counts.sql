CREATE TABLE `campaign_counts` (
	`campaign_id` integer PRIMARY KEY NOT NULL,
	`invited` integer DEFAULT 0 NOT NULL,
	`reached` integer DEFAULT 0 NOT NULL,
	`answered` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- The campaign list's counts, kept here instead of counted on every view (millions of
-- invitations on a large install). "Reached" is the list's definition: the invitation is
-- sent, delivered or delayed, or still queued while its outbox email was taken by the provider
-- (or kept by the local outbox). Each trigger adds what a row now counts and takes away what it
-- counted before, so the sums stay exact through every status change.
INSERT INTO `campaign_counts` (`campaign_id`, `invited`, `reached`, `answered`)
SELECT c.`id`,
  (SELECT count(*) FROM `invitations` i WHERE i.`campaign_id` = c.`id`),
  (SELECT count(*) FROM `invitations` i LEFT JOIN `outbox` o ON o.`id` = i.`outbox_id`
    WHERE i.`campaign_id` = c.`id` AND (i.`status` IN ('sent','delivered','delayed') OR (i.`status` = 'queued' AND o.`status` IN ('sent','local')))),
  (SELECT count(*) FROM `responses` r WHERE r.`campaign_id` = c.`id`)
FROM `campaigns` c;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_campaign_insert` AFTER INSERT ON `campaigns` BEGIN
  INSERT INTO `campaign_counts` (`campaign_id`) VALUES (new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_invitation_insert` AFTER INSERT ON `invitations` BEGIN
  UPDATE `campaign_counts` SET `invited` = `invited` + 1,
    `reached` = `reached` + (new.`status` IN ('sent','delivered','delayed') OR (new.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = new.`outbox_id` AND `status` IN ('sent','local'))))
  WHERE `campaign_id` = new.`campaign_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_invitation_delete` AFTER DELETE ON `invitations` BEGIN
  UPDATE `campaign_counts` SET `invited` = `invited` - 1,
    `reached` = `reached` - (old.`status` IN ('sent','delivered','delayed') OR (old.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = old.`outbox_id` AND `status` IN ('sent','local'))))
  WHERE `campaign_id` = old.`campaign_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_invitation_update` AFTER UPDATE OF `status`, `outbox_id`, `campaign_id` ON `invitations` BEGIN
  UPDATE `campaign_counts` SET `invited` = `invited` - 1,
    `reached` = `reached` - (old.`status` IN ('sent','delivered','delayed') OR (old.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = old.`outbox_id` AND `status` IN ('sent','local'))))
  WHERE `campaign_id` = old.`campaign_id`;
  UPDATE `campaign_counts` SET `invited` = `invited` + 1,
    `reached` = `reached` + (new.`status` IN ('sent','delivered','delayed') OR (new.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = new.`outbox_id` AND `status` IN ('sent','local'))))
  WHERE `campaign_id` = new.`campaign_id`;
END;
--> statement-breakpoint
-- An outbox email taken by the provider (or no longer) moves every queued invitation it carries.
CREATE TRIGGER `campaign_counts_outbox_update` AFTER UPDATE OF `status` ON `outbox`
WHEN (old.`status` IN ('sent','local')) <> (new.`status` IN ('sent','local')) BEGIN
  UPDATE `campaign_counts`
    SET `reached` = `reached` + (CASE WHEN new.`status` IN ('sent','local') THEN 1 ELSE -1 END) *
      (SELECT count(*) FROM `invitations` i WHERE i.`outbox_id` = new.`id` AND i.`status` = 'queued' AND i.`campaign_id` = `campaign_counts`.`campaign_id`)
  WHERE `campaign_id` IN (SELECT `campaign_id` FROM `invitations` WHERE `outbox_id` = new.`id` AND `status` = 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_outbox_delete` AFTER DELETE ON `outbox` WHEN old.`status` IN ('sent','local') BEGIN
  UPDATE `campaign_counts`
    SET `reached` = `reached` - (SELECT count(*) FROM `invitations` i WHERE i.`outbox_id` = old.`id` AND i.`status` = 'queued' AND i.`campaign_id` = `campaign_counts`.`campaign_id`)
  WHERE `campaign_id` IN (SELECT `campaign_id` FROM `invitations` WHERE `outbox_id` = old.`id` AND `status` = 'queued');
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_response_insert` AFTER INSERT ON `responses` WHEN new.`campaign_id` IS NOT NULL BEGIN
  UPDATE `campaign_counts` SET `answered` = `answered` + 1 WHERE `campaign_id` = new.`campaign_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_response_delete` AFTER DELETE ON `responses` WHEN old.`campaign_id` IS NOT NULL BEGIN
  UPDATE `campaign_counts` SET `answered` = `answered` - 1 WHERE `campaign_id` = old.`campaign_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_counts_response_update` AFTER UPDATE OF `campaign_id` ON `responses` WHEN old.`campaign_id` IS NOT new.`campaign_id` BEGIN
  UPDATE `campaign_counts` SET `answered` = `answered` - 1 WHERE `campaign_id` = old.`campaign_id`;
  UPDATE `campaign_counts` SET `answered` = `answered` + 1 WHERE `campaign_id` = new.`campaign_id`;
END;
--> statement-breakpoint
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
