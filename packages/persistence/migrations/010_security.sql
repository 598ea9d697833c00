-- The Security service's tables: users (argon2 password hashes, lockout), API keys (hashed, scoped by
-- role, expiring, revocable), refresh tokens (rotating, grouped in families) and revoked sessions.

CREATE TABLE security_users (
    id VARCHAR(40) PRIMARY KEY,
    username VARCHAR(64) NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role VARCHAR(10) NOT NULL CHECK (role IN ('viewer', 'trader', 'risk', 'admin')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE security_api_keys (
    id VARCHAR(32) PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    secret_hash CHAR(64) NOT NULL,
    role VARCHAR(10) NOT NULL CHECK (role IN ('viewer', 'trader', 'risk', 'admin')),
    kind VARCHAR(10) NOT NULL CHECK (kind IN ('service', 'script')),
    created_by VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

CREATE TABLE security_refresh_tokens (
    token_hash CHAR(64) PRIMARY KEY,
    family_id VARCHAR(40) NOT NULL,
    user_id VARCHAR(40) NOT NULL REFERENCES security_users (id),
    issued_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    rotated_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX idx_security_refresh_tokens_family ON security_refresh_tokens (family_id);

-- Revoked sessions: a token id, a refresh family or a user; a token issued at or before revoked_at is refused.
CREATE TABLE security_revocations (
    subject VARCHAR(100) PRIMARY KEY,
    revoked_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
