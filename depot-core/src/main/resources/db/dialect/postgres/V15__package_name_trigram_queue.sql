-- SQLite's V15 queues published names for its FTS5 trigram index (see db/dialect/sqlite). PostgreSQL's GIN trigram
-- index keeps a pending list of its own (fastupdate) and needs no queue; this version keeps both schemas at the same
-- number, which `depot migrate-db` checks before it copies one into the other.
SELECT 1;
