-- The audit log: sign-ins (and failed attempts), token creation and revocation, package deletion. Rows name their
-- author by id and name at the time, with no foreign key, so they outlive the users and projects they mention.
CREATE TABLE audit_events (
    id             ${id_pk},
    created_at     BIGINT NOT NULL,
    author_id      BIGINT,
    author_name    VARCHAR(255) NOT NULL,
    action         VARCHAR(64) NOT NULL,
    target_type    VARCHAR(64) NOT NULL,
    target_id      BIGINT,
    target_details VARCHAR(1024) NOT NULL,
    ip_address     VARCHAR(64)
);
-- listed newest first (by id), optionally for one action
CREATE INDEX audit_events_action ON audit_events(action, id);
