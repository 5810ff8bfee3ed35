-- A project's or a group's RPM repository (one of the two ids is set): its signing key, stored armored, the secret
-- part encrypted under the instance's passphrase. Made when the repository is first read or published to.
CREATE TABLE rpm_repositories (
    id ${id_pk},
    project_id BIGINT REFERENCES projects(id) ON DELETE CASCADE,
    group_id BIGINT REFERENCES namespaces(id) ON DELETE CASCADE,
    secret_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX rpm_repositories_project ON rpm_repositories (project_id);
CREATE UNIQUE INDEX rpm_repositories_group ON rpm_repositories (group_id);

-- One generation of a repository's metadata as one set of readers saw it (scope: the projects read), kept whole:
-- repomd.xml and its signature name exactly these files; older generations serve clients that read an older repomd.
CREATE TABLE rpm_snapshots (
    id ${id_pk},
    repository_id BIGINT NOT NULL REFERENCES rpm_repositories(id) ON DELETE CASCADE,
    scope_key VARCHAR(64) NOT NULL,
    stamp VARCHAR(200) NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX rpm_snapshots_scope ON rpm_snapshots (repository_id, scope_key, id);

CREATE TABLE rpm_snapshot_files (
    snapshot_id BIGINT NOT NULL REFERENCES rpm_snapshots(id) ON DELETE CASCADE,
    path VARCHAR(300) NOT NULL,
    sha256 CHAR(64) NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (snapshot_id, path)
);
CREATE INDEX rpm_snapshot_files_sha256 ON rpm_snapshot_files (sha256);
