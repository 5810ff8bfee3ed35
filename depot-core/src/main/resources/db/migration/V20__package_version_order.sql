-- Lists sort by version in a version order, not as text (10.0.0 after 2.0.0-rc.1): VersionKey's key of the version.
-- Rows of earlier releases get theirs when the server starts (Packages.fillVersionOrder).
ALTER TABLE packages ADD COLUMN version_order VARCHAR(1024);
