-- The container registry (OCI distribution). Bytes live in the shared blob store; these tables say which
-- repository may serve which blob, what each manifest refers to, and where tags point.

-- A repository is a project's own image (name '') or an image below it ('web' for group/project/web).
CREATE TABLE oci_repositories (
    id         ${id_pk},
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name       VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (project_id, name)
);

-- Blobs a repository may serve: pushed to it or mounted into it, under the digest the client named (sha256 or
-- sha512); the bytes are the blob store's, found by their SHA-256. A layer is stored once whatever links it.
CREATE TABLE oci_blobs (
    repository_id BIGINT NOT NULL REFERENCES oci_repositories(id) ON DELETE CASCADE,
    digest        VARCHAR(200) NOT NULL,
    sha256        CHAR(64) NOT NULL REFERENCES blobs(sha256),
    size          BIGINT NOT NULL,
    used_at       BIGINT NOT NULL,   -- linked, or named by a pushed manifest; gc unlinks unused old links
    PRIMARY KEY (repository_id, digest)
);
CREATE INDEX oci_blobs_sha256 ON oci_blobs(sha256);

-- Manifests and indexes, by the digest they were pushed under; their bytes are a blob.
CREATE TABLE oci_manifests (
    id             ${id_pk},
    repository_id  BIGINT NOT NULL REFERENCES oci_repositories(id) ON DELETE CASCADE,
    digest         VARCHAR(200) NOT NULL,
    sha256         CHAR(64) NOT NULL REFERENCES blobs(sha256),
    media_type     VARCHAR(255) NOT NULL,
    artifact_type  VARCHAR(255),
    subject_digest VARCHAR(200),
    size           BIGINT NOT NULL,
    total_size     BIGINT NOT NULL,
    annotations    TEXT,
    created_at     BIGINT NOT NULL,
    UNIQUE (repository_id, digest)
);
CREATE INDEX oci_manifests_subject ON oci_manifests(repository_id, subject_digest);
CREATE INDEX oci_manifests_sha256 ON oci_manifests(sha256);

-- What a manifest needs: its config and layers ('blob'), or an index's children ('manifest').
CREATE TABLE oci_manifest_refs (
    manifest_id BIGINT NOT NULL REFERENCES oci_manifests(id) ON DELETE CASCADE,
    kind        VARCHAR(10) NOT NULL,
    digest      VARCHAR(200) NOT NULL,
    PRIMARY KEY (manifest_id, kind, digest)
);
CREATE INDEX oci_manifest_refs_digest ON oci_manifest_refs(digest);

CREATE TABLE oci_tags (
    repository_id BIGINT NOT NULL REFERENCES oci_repositories(id) ON DELETE CASCADE,
    name          VARCHAR(128) NOT NULL,
    manifest_id   BIGINT NOT NULL REFERENCES oci_manifests(id) ON DELETE CASCADE,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (repository_id, name)
);
CREATE INDEX oci_tags_manifest ON oci_tags(manifest_id);

-- Blob uploads in progress. Each PATCH stores its chunk as a blob and appends a row, so an upload survives a
-- restart and may continue on any node; completing it joins the chunks (or adopts the only one).
CREATE TABLE oci_uploads (
    uuid        CHAR(36) PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    repository  VARCHAR(255) NOT NULL,
    size        BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE oci_upload_chunks (
    upload_uuid  CHAR(36) NOT NULL REFERENCES oci_uploads(uuid) ON DELETE CASCADE,
    start_offset BIGINT NOT NULL,
    sha256       CHAR(64) NOT NULL REFERENCES blobs(sha256),
    sha512       CHAR(128) NOT NULL,
    size         BIGINT NOT NULL,
    PRIMARY KEY (upload_uuid, start_offset)
);
CREATE INDEX oci_upload_chunks_sha256 ON oci_upload_chunks(sha256);

-- The dependency proxy's cache, per group: manifests by the image and reference a client asked for (revalidated
-- against the upstream on every pull), and the blobs they name.
CREATE TABLE proxy_manifests (
    namespace_id BIGINT NOT NULL REFERENCES namespaces(id) ON DELETE CASCADE,
    image        VARCHAR(255) NOT NULL,
    reference    VARCHAR(200) NOT NULL,
    digest       VARCHAR(200) NOT NULL,
    sha256       CHAR(64) NOT NULL REFERENCES blobs(sha256),
    media_type   VARCHAR(255) NOT NULL,
    size         BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    read_at      BIGINT NOT NULL,
    PRIMARY KEY (namespace_id, image, reference)
);
CREATE INDEX proxy_manifests_sha256 ON proxy_manifests(sha256);

CREATE TABLE proxy_blobs (
    namespace_id BIGINT NOT NULL REFERENCES namespaces(id) ON DELETE CASCADE,
    digest       VARCHAR(200) NOT NULL,
    sha256       CHAR(64) NOT NULL REFERENCES blobs(sha256),
    size         BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    read_at      BIGINT NOT NULL,
    PRIMARY KEY (namespace_id, digest)
);
CREATE INDEX proxy_blobs_sha256 ON proxy_blobs(sha256);

-- A project's tag cleanup policy, as GitLab's container_expiration_policy attributes (JSON): enabled, keep_n,
-- older_than ("7d", "14d", "30d", "90d"), name_regex (tags that may go), name_regex_keep (tags that always stay).
CREATE TABLE container_cleanup_policies (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    settings   TEXT NOT NULL
);
