-- Browser sessions of the web UI. The cookie carries a random token; only its SHA-256 is stored, with the CSRF
-- token that forms must echo. Signing out deletes the row, so a copied cookie stops working at once.
CREATE TABLE web_sessions (
    id           ${id_pk},
    token_digest CHAR(64) NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   VARCHAR(64) NOT NULL,
    expires_at   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);
