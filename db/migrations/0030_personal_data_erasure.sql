CREATE TABLE `do_not_contact` (
	`email_hash` text PRIMARY KEY NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `contacts` ADD `erased_at` integer;--> statement-breakpoint
CREATE INDEX `contacts_live_idx` ON `contacts` (`account_id`) WHERE "contacts"."erased_at" IS NULL;--> statement-breakpoint
ALTER TABLE `community_members` ADD `erased_at` integer;--> statement-breakpoint
-- A row deleted from a full-text index leaves it for good, not only from search results: an
-- erased person's words and name must not linger in the index's segments until a merge
-- (docs/decisions/043). SQLite 3.42's secure-delete option, kept in the table's config.
INSERT INTO `responses_fts` (`responses_fts`, `rank`) VALUES ('secure-delete', 1);--> statement-breakpoint
INSERT INTO `community_search` (`community_search`, `rank`) VALUES ('secure-delete', 1);
