-- Downloads per package file and UTC day (days since 1970-01-01). Each node counts in memory and adds its counts
-- here every few seconds, so a cluster's nodes sum; the rows go with their file.
CREATE TABLE package_file_downloads (
    package_file_id BIGINT NOT NULL REFERENCES package_files(id) ON DELETE CASCADE,
    package_id      BIGINT NOT NULL,
    day             INTEGER NOT NULL,
    downloads       BIGINT NOT NULL,
    PRIMARY KEY (package_file_id, day)
);
CREATE INDEX package_file_downloads_package ON package_file_downloads(package_id, day);
