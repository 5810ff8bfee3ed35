-- Pull-through caching: a group's (namespace_id) or the instance's (NULL) ordered list of upstream registries per
-- package type, and what was fetched from each. The password is never shown back through the API.
CREATE TABLE upstreams (
    id                   ${id_pk},
    namespace_id         BIGINT REFERENCES namespaces(id) ON DELETE CASCADE,
    package_type         VARCHAR(64) NOT NULL,
    position             INTEGER NOT NULL,
    name                 VARCHAR(255) NOT NULL,
    description          VARCHAR(1024),
    url                  VARCHAR(2048) NOT NULL,
    username             VARCHAR(255),
    password             VARCHAR(1024),
    cache_validity_hours INTEGER NOT NULL,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX upstreams_owner ON upstreams (namespace_id, package_type, position);

-- A document (kind 'metadata', re-fetched when cache_validity_hours have passed) or a file (kind 'file', kept until
-- deleted) fetched from an upstream: its bytes are the blob sha256.
CREATE TABLE upstream_cache_entries (
    id                  ${id_pk},
    upstream_id         BIGINT NOT NULL REFERENCES upstreams(id) ON DELETE CASCADE,
    relative_path       VARCHAR(2048) NOT NULL,
    kind                VARCHAR(16) NOT NULL,
    sha256              CHAR(64) NOT NULL,
    size                BIGINT NOT NULL,
    content_type        VARCHAR(255),
    upstream_etag       VARCHAR(255),
    upstream_checked_at BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    downloads_count     BIGINT NOT NULL DEFAULT 0,
    UNIQUE (upstream_id, relative_path)
);
CREATE INDEX upstream_cache_entries_sha256 ON upstream_cache_entries (sha256);
