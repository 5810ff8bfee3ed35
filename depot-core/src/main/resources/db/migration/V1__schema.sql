-- One schema for every format. ${id_pk} is the auto-increment primary key of the database in use.
-- Times are epoch milliseconds (BIGINT) so both databases sort and compare them the same way.

CREATE TABLE settings (
    name  VARCHAR(100) PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE namespaces (
    id          ${id_pk},
    kind        VARCHAR(10)  NOT NULL,            -- 'user' or 'group'
    name        VARCHAR(255) NOT NULL,
    path        VARCHAR(255) NOT NULL,
    full_path   VARCHAR(1024) NOT NULL UNIQUE,
    parent_id   BIGINT REFERENCES namespaces(id) ON DELETE CASCADE,
    visibility  VARCHAR(10)  NOT NULL,
    description TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX namespaces_parent ON namespaces(parent_id);

CREATE TABLE users (
    id            ${id_pk},
    username      VARCHAR(255) NOT NULL UNIQUE,
    name          VARCHAR(255) NOT NULL,
    email         VARCHAR(255) NOT NULL UNIQUE,
    password_hash VARCHAR(255),
    admin         BOOLEAN NOT NULL DEFAULT FALSE,
    state         VARCHAR(20) NOT NULL DEFAULT 'active',
    namespace_id  BIGINT NOT NULL REFERENCES namespaces(id),
    created_at    BIGINT NOT NULL
);

CREATE TABLE projects (
    id               ${id_pk},
    namespace_id     BIGINT NOT NULL REFERENCES namespaces(id) ON DELETE CASCADE,
    name             VARCHAR(255) NOT NULL,
    path             VARCHAR(255) NOT NULL,
    full_path        VARCHAR(1024) NOT NULL UNIQUE,
    visibility       VARCHAR(10) NOT NULL,
    packages_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    description      TEXT,
    creator_id       BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX projects_namespace ON projects(namespace_id);

CREATE TABLE members (
    id           ${id_pk},
    source_type  VARCHAR(10) NOT NULL,             -- 'project' or 'namespace'
    source_id    BIGINT NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    access_level INTEGER NOT NULL,
    expires_at   BIGINT,
    created_at   BIGINT NOT NULL,
    UNIQUE (source_type, source_id, user_id)
);
CREATE INDEX members_user ON members(user_id);

-- Package settings of a namespace, as GitLab keeps them per root group: JSON such as
-- {"generic_duplicates_allowed": false, "generic_duplicate_exception_regex": "-SNAPSHOT$"}.
CREATE TABLE namespace_package_settings (
    namespace_id BIGINT PRIMARY KEY REFERENCES namespaces(id) ON DELETE CASCADE,
    settings     TEXT NOT NULL
);

CREATE TABLE personal_access_tokens (
    id           ${id_pk},
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         VARCHAR(255) NOT NULL,
    token_digest CHAR(64) NOT NULL UNIQUE,
    scopes       VARCHAR(255) NOT NULL,
    expires_at   BIGINT,
    revoked      BOOLEAN NOT NULL DEFAULT FALSE,
    last_used_at BIGINT,
    created_at   BIGINT NOT NULL
);

CREATE TABLE deploy_tokens (
    id           ${id_pk},
    project_id   BIGINT REFERENCES projects(id) ON DELETE CASCADE,
    namespace_id BIGINT REFERENCES namespaces(id) ON DELETE CASCADE,
    name         VARCHAR(255) NOT NULL,
    username     VARCHAR(255) NOT NULL,
    token_digest CHAR(64) NOT NULL UNIQUE,
    scopes       VARCHAR(255) NOT NULL,
    expires_at   BIGINT,
    revoked      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   BIGINT NOT NULL
);

CREATE TABLE ci_jobs (
    id           ${id_pk},
    project_id   BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pipeline_id  BIGINT NOT NULL,
    ref          VARCHAR(1024) NOT NULL,
    sha          VARCHAR(64) NOT NULL,
    name         VARCHAR(255) NOT NULL,
    token_digest CHAR(64) NOT NULL UNIQUE,
    status       VARCHAR(20) NOT NULL,
    expires_at   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);

CREATE TABLE blobs (
    sha256     CHAR(64) PRIMARY KEY,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE packages (
    id              ${id_pk},
    project_id      BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    package_type    VARCHAR(32) NOT NULL,
    name            VARCHAR(255) NOT NULL,
    normalized_name VARCHAR(255) NOT NULL,
    version         VARCHAR(255) NOT NULL DEFAULT '',   -- '' for versionless packages
    status          VARCHAR(32) NOT NULL DEFAULT 'default',
    metadata        TEXT,
    creator_id      BIGINT REFERENCES users(id) ON DELETE SET NULL,
    ci_job_id       BIGINT REFERENCES ci_jobs(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (project_id, package_type, normalized_name, version)
);
CREATE INDEX packages_type_name ON packages(package_type, normalized_name);

CREATE TABLE package_files (
    id         ${id_pk},
    package_id BIGINT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    file_name  VARCHAR(1024) NOT NULL,
    size       BIGINT NOT NULL,
    sha256     CHAR(64) NOT NULL REFERENCES blobs(sha256),
    md5        CHAR(32) NOT NULL,
    sha1       CHAR(40) NOT NULL,
    sha512     CHAR(128) NOT NULL,
    metadata   TEXT,
    ci_job_id  BIGINT REFERENCES ci_jobs(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX package_files_package ON package_files(package_id, file_name);
CREATE INDEX package_files_sha256 ON package_files(sha256);

CREATE TABLE package_tags (
    id         ${id_pk},
    package_id BIGINT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    name       VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (package_id, name)
);

-- The activity of a package and the audit log. No foreign keys: events outlive what they describe.
CREATE TABLE package_events (
    id              ${id_pk},
    project_id      BIGINT NOT NULL,
    package_id      BIGINT,
    package_type    VARCHAR(32) NOT NULL,
    package_name    VARCHAR(255) NOT NULL,
    package_version VARCHAR(255) NOT NULL,
    action          VARCHAR(32) NOT NULL,
    user_id         BIGINT,
    deploy_token_id BIGINT,
    ci_job_id       BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX package_events_package ON package_events(package_id);
