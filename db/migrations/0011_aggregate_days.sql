CREATE TABLE `aggregate_days` (
	`id` integer PRIMARY KEY NOT NULL,
	`time_zone` text NOT NULL
);
--> statement-breakpoint
-- Counts made before this migration are keyed by UTC days (decision 017 as first written). When
-- the team's zone is another, the worker's start queues the job that re-keys them to it.
INSERT INTO `aggregate_days` (`id`, `time_zone`) VALUES (1, 'UTC');
