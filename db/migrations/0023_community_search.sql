-- Community search (issue 13): one row per post, rowid = the post's id; `title` holds the topic's
-- title on its opening post only (so a title match ranks that post, weighted in bm25), `body`
-- the post's Markdown as plain text. The text is prepared by the app (NFKC, lower case, each
-- Japanese character a token of its own: a phrase of characters finds any substring, decision
-- 017); porter stems the English words. Posts of every state are indexed: who may find what
-- (published, not hidden or deleted, readable category) is decided when searching, so a
-- moderator's hide takes effect at once without touching the index.
CREATE VIRTUAL TABLE `community_search` USING fts5(`title`, `body`, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
-- A post removed for good (its topic, member or contact deleted) leaves the index with it.
CREATE TRIGGER `community_posts_search_delete` AFTER DELETE ON `community_posts` BEGIN
  DELETE FROM `community_search` WHERE rowid = old.id;
END;
