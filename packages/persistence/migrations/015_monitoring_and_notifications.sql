-- Notifications (Gotify-compatible applications and clients, every message with its deliveries) and the
-- log table searched when no Elasticsearch is configured.

-- Gotify's applications (may send) and clients (may read and delete). Only a token's SHA-256 is kept:
-- the token is shown once, when it is created.
CREATE TABLE notification_tokens (
    id SERIAL PRIMARY KEY,
    kind VARCHAR(20) NOT NULL CHECK (kind IN ('application', 'client')),
    name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    token_hash CHAR(64) NOT NULL UNIQUE,
    default_priority INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    application_id INTEGER REFERENCES notification_tokens (id) ON DELETE SET NULL,
    source VARCHAR(20) NOT NULL,
    kind VARCHAR(100) NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    severity VARCHAR(20) NOT NULL DEFAULT 'info',
    alert_key VARCHAR(300),
    state VARCHAR(20),
    extras JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_notifications_time ON notifications (created_at);
CREATE INDEX idx_notifications_application ON notifications (application_id, id);
CREATE INDEX idx_notifications_alert_key ON notifications (alert_key, created_at);

-- One row per notification and channel: sent, failed (after its retries), suppressed (duplicate, rate
-- limit, quiet hours) or pending.
CREATE TABLE notification_deliveries (
    notification_id BIGINT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel VARCHAR(40) NOT NULL,
    status VARCHAR(20) NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (notification_id, channel)
);
CREATE INDEX idx_notification_deliveries_status ON notification_deliveries (status, updated_at);

CREATE TABLE log_entries (
    id BIGSERIAL PRIMARY KEY,
    logged_at TIMESTAMPTZ NOT NULL,
    level VARCHAR(10) NOT NULL,
    service VARCHAR(100) NOT NULL,
    correlation_id VARCHAR(100),
    message TEXT NOT NULL,
    fields JSONB NOT NULL DEFAULT '{}',
    search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', message || ' ' || fields::text)) STORED
);
CREATE INDEX idx_log_entries_time ON log_entries (logged_at);
CREATE INDEX idx_log_entries_correlation ON log_entries (correlation_id, logged_at);
CREATE INDEX idx_log_entries_search ON log_entries USING GIN (search);
