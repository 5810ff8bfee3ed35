-- A distribution belongs to a project or to a group (one of the two ids is set); its signing key is stored armored,
-- the secret part encrypted under the instance's passphrase.
CREATE TABLE debian_distributions (
    id ${id_pk},
    project_id BIGINT REFERENCES projects(id) ON DELETE CASCADE,
    group_id BIGINT REFERENCES namespaces(id) ON DELETE CASCADE,
    codename VARCHAR(255) NOT NULL,
    suite VARCHAR(255),
    origin VARCHAR(255),
    label VARCHAR(255),
    version VARCHAR(255),
    description TEXT,
    valid_time_duration_seconds BIGINT,
    components TEXT NOT NULL,
    architectures TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX debian_distributions_project_codename ON debian_distributions (project_id, codename);
CREATE UNIQUE INDEX debian_distributions_group_codename ON debian_distributions (group_id, codename);

-- One generation of a distribution's index files as one set of readers saw it (scope: the projects read), kept
-- whole: Release, InRelease and Release.gpg name exactly these files, and by-hash serves the older generations.
CREATE TABLE debian_snapshots (
    id ${id_pk},
    distribution_id BIGINT NOT NULL REFERENCES debian_distributions(id) ON DELETE CASCADE,
    scope_key VARCHAR(64) NOT NULL,
    stamp VARCHAR(200) NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX debian_snapshots_scope ON debian_snapshots (distribution_id, scope_key, id);

CREATE TABLE debian_snapshot_files (
    snapshot_id BIGINT NOT NULL REFERENCES debian_snapshots(id) ON DELETE CASCADE,
    path VARCHAR(500) NOT NULL,
    sha256 CHAR(64) NOT NULL,
    size BIGINT NOT NULL,
    sha512 CHAR(128) NOT NULL,
    PRIMARY KEY (snapshot_id, path)
);
CREATE INDEX debian_snapshot_files_sha256 ON debian_snapshot_files (sha256);
