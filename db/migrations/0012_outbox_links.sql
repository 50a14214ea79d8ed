ALTER TABLE `outbox` ADD `links` text;--> statement-breakpoint
-- Emails queued before links were minted at send time hold working tokens in their bodies and
-- headers. Those that already left (sent, kept locally, given up) lose them now; those still
-- waiting keep them until the provider accepts them, when the worker drops them.
UPDATE `outbox` SET `html` = '', `text` = '', `headers` = '{}' WHERE `template` IN ('magic-link', 'nps-invitation', 'nps-reminder') AND `status` IN ('sent', 'local', 'dead');
