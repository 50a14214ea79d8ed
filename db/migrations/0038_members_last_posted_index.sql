CREATE INDEX `community_members_last_posted_idx` ON `community_members` (coalesce("last_posted_at", 0),`id`);
