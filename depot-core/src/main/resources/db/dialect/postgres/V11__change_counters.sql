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

-- PostgreSQL: constraint triggers deferred to commit, so a transaction holds a counter's row lock only while it
-- commits, never while it waits for another lock: no deadlock, little contention between concurrent publishes.
CREATE FUNCTION depot_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_stamps SET value = value + 1 WHERE name = 'directory';
    RETURN NULL;
END
$$;

CREATE FUNCTION depot_packages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_stamps SET value = value + 1 WHERE name = 'packages';
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER directory_stamp_settings AFTER INSERT OR UPDATE OR DELETE ON settings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_namespaces AFTER INSERT OR UPDATE OR DELETE ON namespaces
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_users AFTER INSERT OR UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_projects AFTER INSERT OR UPDATE OR DELETE ON projects
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_members AFTER INSERT OR UPDATE OR DELETE ON members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_personal_access_tokens AFTER UPDATE OF user_id, name, token_digest, scopes, expires_at, revoked OR DELETE ON personal_access_tokens
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_deploy_tokens AFTER UPDATE OR DELETE ON deploy_tokens
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_ci_jobs AFTER UPDATE OR DELETE ON ci_jobs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER packages_stamp_packages AFTER INSERT OR UPDATE OR DELETE ON packages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_packages_changed();

CREATE CONSTRAINT TRIGGER packages_stamp_package_files AFTER INSERT OR UPDATE OR DELETE ON package_files
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_packages_changed();
