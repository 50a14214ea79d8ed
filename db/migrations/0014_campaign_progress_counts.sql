CREATE TABLE `campaign_progress_counts` (
	`campaign_id` integer NOT NULL,
	`status` text NOT NULL,
	`taken` integer NOT NULL,
	`delivered` integer NOT NULL,
	`scanned` integer NOT NULL,
	`reminded` integer NOT NULL,
	`invitations` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campaign_id`, `status`, `taken`, `delivered`, `scanned`, `reminded`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- The campaign page's figures, kept here instead of read from every invitation of the wave on
-- each view (and every 4 s while a wave is live). One row per campaign and combination of what
-- the page counts: status, "taken" (queued, and the outbox email is sent or kept locally),
-- delivered, scanned, reminded. Each trigger takes a row out of the bucket it counted in and
-- puts it in the one it counts in now, so the sums stay exact through every change.
INSERT INTO `campaign_progress_counts` (`campaign_id`, `status`, `taken`, `delivered`, `scanned`, `reminded`, `invitations`)
SELECT i.`campaign_id`, i.`status`,
  (i.`status` = 'queued' AND coalesce(o.`status`, '') IN ('sent','local')),
  i.`delivered_at` IS NOT NULL, i.`scanned_at` IS NOT NULL, i.`reminded_at` IS NOT NULL, count(*)
FROM `invitations` i LEFT JOIN `outbox` o ON o.`id` = i.`outbox_id`
GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
CREATE TRIGGER `campaign_progress_invitation_insert` AFTER INSERT ON `invitations` BEGIN
  INSERT INTO `campaign_progress_counts` (`campaign_id`, `status`, `taken`, `delivered`, `scanned`, `reminded`, `invitations`)
  VALUES (new.`campaign_id`, new.`status`,
    (new.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = new.`outbox_id` AND `status` IN ('sent','local'))),
    new.`delivered_at` IS NOT NULL, new.`scanned_at` IS NOT NULL, new.`reminded_at` IS NOT NULL, 1)
  ON CONFLICT DO UPDATE SET `invitations` = `invitations` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_progress_invitation_delete` AFTER DELETE ON `invitations` BEGIN
  UPDATE `campaign_progress_counts` SET `invitations` = `invitations` - 1
  WHERE `campaign_id` = old.`campaign_id` AND `status` = old.`status`
    AND `taken` = (old.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = old.`outbox_id` AND `status` IN ('sent','local')))
    AND `delivered` = (old.`delivered_at` IS NOT NULL) AND `scanned` = (old.`scanned_at` IS NOT NULL) AND `reminded` = (old.`reminded_at` IS NOT NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_progress_invitation_update` AFTER UPDATE OF `status`, `outbox_id`, `campaign_id`, `delivered_at`, `scanned_at`, `reminded_at` ON `invitations`
WHEN old.`status` IS NOT new.`status` OR old.`outbox_id` IS NOT new.`outbox_id` OR old.`campaign_id` IS NOT new.`campaign_id`
  OR (old.`delivered_at` IS NULL) <> (new.`delivered_at` IS NULL) OR (old.`scanned_at` IS NULL) <> (new.`scanned_at` IS NULL)
  OR (old.`reminded_at` IS NULL) <> (new.`reminded_at` IS NULL) BEGIN
  UPDATE `campaign_progress_counts` SET `invitations` = `invitations` - 1
  WHERE `campaign_id` = old.`campaign_id` AND `status` = old.`status`
    AND `taken` = (old.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = old.`outbox_id` AND `status` IN ('sent','local')))
    AND `delivered` = (old.`delivered_at` IS NOT NULL) AND `scanned` = (old.`scanned_at` IS NOT NULL) AND `reminded` = (old.`reminded_at` IS NOT NULL);
  INSERT INTO `campaign_progress_counts` (`campaign_id`, `status`, `taken`, `delivered`, `scanned`, `reminded`, `invitations`)
  VALUES (new.`campaign_id`, new.`status`,
    (new.`status` = 'queued' AND EXISTS (SELECT 1 FROM `outbox` WHERE `id` = new.`outbox_id` AND `status` IN ('sent','local'))),
    new.`delivered_at` IS NOT NULL, new.`scanned_at` IS NOT NULL, new.`reminded_at` IS NOT NULL, 1)
  ON CONFLICT DO UPDATE SET `invitations` = `invitations` + 1;
END;
--> statement-breakpoint
-- An outbox email taken by the provider (or no longer) moves every queued invitation it carries between "taken" buckets.
CREATE TRIGGER `campaign_progress_outbox_update` AFTER UPDATE OF `status` ON `outbox`
WHEN (old.`status` IN ('sent','local')) <> (new.`status` IN ('sent','local')) BEGIN
  UPDATE `campaign_progress_counts`
    SET `invitations` = `invitations` - (SELECT count(*) FROM `invitations` i WHERE i.`outbox_id` = new.`id` AND i.`status` = 'queued'
      AND i.`campaign_id` = `campaign_progress_counts`.`campaign_id` AND (i.`delivered_at` IS NOT NULL) = `campaign_progress_counts`.`delivered`
      AND (i.`scanned_at` IS NOT NULL) = `campaign_progress_counts`.`scanned` AND (i.`reminded_at` IS NOT NULL) = `campaign_progress_counts`.`reminded`)
  WHERE `status` = 'queued' AND `taken` = (old.`status` IN ('sent','local'))
    AND `campaign_id` IN (SELECT `campaign_id` FROM `invitations` WHERE `outbox_id` = new.`id` AND `status` = 'queued');
  INSERT INTO `campaign_progress_counts` (`campaign_id`, `status`, `taken`, `delivered`, `scanned`, `reminded`, `invitations`)
  SELECT i.`campaign_id`, 'queued', (new.`status` IN ('sent','local')), i.`delivered_at` IS NOT NULL, i.`scanned_at` IS NOT NULL, i.`reminded_at` IS NOT NULL, count(*)
  FROM `invitations` i WHERE i.`outbox_id` = new.`id` AND i.`status` = 'queued'
  GROUP BY 1, 3, 4, 5, 6
  ON CONFLICT DO UPDATE SET `invitations` = `invitations` + excluded.`invitations`;
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_progress_outbox_delete` AFTER DELETE ON `outbox` WHEN old.`status` IN ('sent','local') BEGIN
  UPDATE `campaign_progress_counts`
    SET `invitations` = `invitations` - (SELECT count(*) FROM `invitations` i WHERE i.`outbox_id` = old.`id` AND i.`status` = 'queued'
      AND i.`campaign_id` = `campaign_progress_counts`.`campaign_id` AND (i.`delivered_at` IS NOT NULL) = `campaign_progress_counts`.`delivered`
      AND (i.`scanned_at` IS NOT NULL) = `campaign_progress_counts`.`scanned` AND (i.`reminded_at` IS NOT NULL) = `campaign_progress_counts`.`reminded`)
  WHERE `status` = 'queued' AND `taken` = 1
    AND `campaign_id` IN (SELECT `campaign_id` FROM `invitations` WHERE `outbox_id` = old.`id` AND `status` = 'queued');
  INSERT INTO `campaign_progress_counts` (`campaign_id`, `status`, `taken`, `delivered`, `scanned`, `reminded`, `invitations`)
  SELECT i.`campaign_id`, 'queued', 0, i.`delivered_at` IS NOT NULL, i.`scanned_at` IS NOT NULL, i.`reminded_at` IS NOT NULL, count(*)
  FROM `invitations` i WHERE i.`outbox_id` = old.`id` AND i.`status` = 'queued'
  GROUP BY 1, 3, 4, 5, 6
  ON CONFLICT DO UPDATE SET `invitations` = `invitations` + excluded.`invitations`;
END;
