-- GitLab's package protection rules: packages of a type whose name matches a pattern (`*` is a wildcard, case is
-- ignored) may be pushed only by a role of at least minimum_access_level_for_push (never by a deploy token) and
-- deleted only by at least minimum_access_level_for_delete. NULL leaves that action as the role rules have it.
CREATE TABLE package_protection_rules (
    id                              ${id_pk},
    project_id                      BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    package_type                    VARCHAR(64) NOT NULL,
    package_name_pattern            VARCHAR(255) NOT NULL,
    minimum_access_level_for_push   VARCHAR(16),
    minimum_access_level_for_delete VARCHAR(16),
    created_at                      BIGINT NOT NULL,
    updated_at                      BIGINT NOT NULL,
    UNIQUE (project_id, package_type, package_name_pattern)
);
