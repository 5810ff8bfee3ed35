-- Which root namespace owns a name at the instance endpoints (dependency confusion): a Maven groupId, an unscoped npm
-- name, an npm scope that no root namespace of the same path holds. The first root namespace to publish a name claims
-- it; publishing it from elsewhere is refused; admins move claims.
CREATE TABLE package_name_claims (
    package_type VARCHAR(64) NOT NULL,
    claim        VARCHAR(512) NOT NULL,
    namespace_id BIGINT NOT NULL REFERENCES namespaces(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (package_type, claim)
);
-- a name's oldest package, across projects, decides for names published before claims were recorded
CREATE INDEX packages_type_name_created ON packages(package_type, normalized_name, created_at);
