-- Two cache lifetimes per upstream, as GitLab's virtual registries have them: metadata documents are re-checked after
-- metadata_cache_validity_hours (0: on every read), files after cache_validity_hours (0: never, the upstream's files
-- do not change). Until now cache_validity_hours was the documents' and files were never re-checked: both are kept.
ALTER TABLE upstreams ADD COLUMN metadata_cache_validity_hours INTEGER NOT NULL DEFAULT 24;
UPDATE upstreams SET metadata_cache_validity_hours = cache_validity_hours;
UPDATE upstreams SET cache_validity_hours = 0;
