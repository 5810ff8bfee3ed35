-- Change counters (depot.core.db.ChangeCounters): caches of rows hold while their counter stands still.
--   directory: users, tokens, CI jobs, groups, projects, members, settings
--   packages:  packages and their files
-- Every change to those rows moves its counter in the same transaction. A new token or job moves nothing: lookups
-- by token digest that find nothing are never cached.
CREATE TABLE change_stamps (
    name  VARCHAR(50) PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO change_stamps (name, value) VALUES ('directory', 1);
INSERT INTO change_stamps (name, value) VALUES ('packages', 1);

CREATE TRIGGER directory_stamp_settings_insert AFTER INSERT ON settings
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_settings_update AFTER UPDATE ON settings
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_settings_delete AFTER DELETE ON settings
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_namespaces_insert AFTER INSERT ON namespaces
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_namespaces_update AFTER UPDATE ON namespaces
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_namespaces_delete AFTER DELETE ON namespaces
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_users_insert AFTER INSERT ON users
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_users_update AFTER UPDATE ON users
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_users_delete AFTER DELETE ON users
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_projects_insert AFTER INSERT ON projects
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_projects_update AFTER UPDATE ON projects
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_projects_delete AFTER DELETE ON projects
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_members_insert AFTER INSERT ON members
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_members_update AFTER UPDATE ON members
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_members_delete AFTER DELETE ON members
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_personal_access_tokens_update AFTER UPDATE OF user_id, name, token_digest, scopes, expires_at, revoked ON personal_access_tokens
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_personal_access_tokens_delete AFTER DELETE ON personal_access_tokens
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_deploy_tokens_update AFTER UPDATE ON deploy_tokens
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_deploy_tokens_delete AFTER DELETE ON deploy_tokens
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_ci_jobs_update AFTER UPDATE ON ci_jobs
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_ci_jobs_delete AFTER DELETE ON ci_jobs
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER packages_stamp_packages_insert AFTER INSERT ON packages
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'packages'; END;

CREATE TRIGGER packages_stamp_packages_update AFTER UPDATE ON packages
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'packages'; END;

CREATE TRIGGER packages_stamp_packages_delete AFTER DELETE ON packages
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'packages'; END;

CREATE TRIGGER packages_stamp_package_files_insert AFTER INSERT ON package_files
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'packages'; END;

CREATE TRIGGER packages_stamp_package_files_update AFTER UPDATE ON package_files
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'packages'; END;

CREATE TRIGGER packages_stamp_package_files_delete AFTER DELETE ON package_files
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'packages'; END;
