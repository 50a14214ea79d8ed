CREATE TABLE `onboarding_email_prefs` (
	`contact_id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`stopped_at` integer,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `onboarding_email_prefs_tokenHash_unique` ON `onboarding_email_prefs` (`token_hash`);--> statement-breakpoint
CREATE TABLE `onboarding_emails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`enrolment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`step_key` text NOT NULL,
	`outbox_id` integer,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enrolment_id`) REFERENCES `guide_enrolments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `onboarding_emails_step_idx` ON `onboarding_emails` (`contact_id`,`enrolment_id`,`kind`,`step_key`);--> statement-breakpoint
CREATE INDEX `onboarding_emails_contact_idx` ON `onboarding_emails` (`contact_id`,`sent_at`);--> statement-breakpoint
-- Tasks with a kind: every case so far is a detractor follow-up. The table is rebuilt (SQLite
-- cannot drop NOT NULL) keeping its ids; the migrator runs with foreign keys off (db/client.ts
-- runMigrations), so dropping the old table does not cascade into case_events. Dropping it drops
-- its triggers too: cases_opened_daily's are made again at the end, counting follow-ups only.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text DEFAULT 'follow_up' NOT NULL,
	`response_id` integer,
	`account_id` integer NOT NULL,
	`contact_id` integer,
	`enrolment_id` integer,
	`owner_user_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`close_reason` text,
	`due_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enrolment_id`) REFERENCES `guide_enrolments`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_cases`("id", "kind", "response_id", "account_id", "contact_id", "enrolment_id", "owner_user_id", "status", "close_reason", "due_at", "created_at", "updated_at", "closed_at") SELECT "id", 'follow_up', "response_id", "account_id", "contact_id", NULL, "owner_user_id", "status", "close_reason", "due_at", "created_at", "updated_at", "closed_at" FROM `cases`;--> statement-breakpoint
DROP TABLE `cases`;--> statement-breakpoint
ALTER TABLE `__new_cases` RENAME TO `cases`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `cases_response_idx` ON `cases` (`response_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_enrolment_active_idx` ON `cases` (`enrolment_id`) WHERE `enrolment_id` IS NOT NULL AND `status` IN ('open', 'contacted');--> statement-breakpoint
CREATE INDEX `cases_owner_idx` ON `cases` (`owner_user_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_kind_status_idx` ON `cases` (`kind`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_account_idx` ON `cases` (`account_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_status_opened_idx` ON `cases` (`kind`,`status`,`created_at`,`owner_user_id`);--> statement-breakpoint
CREATE INDEX `guide_enrolments_quiet_idx` ON `guide_enrolments` (`guide_id`,`last_progress_at`,`started_at`) WHERE `stalled_at` IS NULL;--> statement-breakpoint
CREATE INDEX `guide_enrolments_progress_idx` ON `guide_enrolments` (`guide_id`,`last_progress_at`);
--> statement-breakpoint
CREATE TRIGGER `cases_opened_daily_insert` AFTER INSERT ON `cases` WHEN new.`kind` = 'follow_up' BEGIN
  INSERT INTO `cases_opened_daily` (`day`, `status`, `cases`) VALUES (new.`created_at` / 86400000, new.`status`, 1)
  ON CONFLICT DO UPDATE SET `cases` = `cases` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_opened_daily_delete` AFTER DELETE ON `cases` WHEN old.`kind` = 'follow_up' BEGIN
  UPDATE `cases_opened_daily` SET `cases` = `cases` - 1 WHERE `day` = old.`created_at` / 86400000 AND `status` = old.`status`;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_opened_daily_update` AFTER UPDATE OF `status`, `created_at` ON `cases`
WHEN new.`kind` = 'follow_up' AND (old.`status` IS NOT new.`status` OR old.`created_at` IS NOT new.`created_at`) BEGIN
  UPDATE `cases_opened_daily` SET `cases` = `cases` - 1 WHERE `day` = old.`created_at` / 86400000 AND `status` = old.`status`;
  INSERT INTO `cases_opened_daily` (`day`, `status`, `cases`) VALUES (new.`created_at` / 86400000, new.`status`, 1)
  ON CONFLICT DO UPDATE SET `cases` = `cases` + 1;
END;
