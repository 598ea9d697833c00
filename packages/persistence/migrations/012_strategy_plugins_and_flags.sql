-- Strategies as plug-ins and run-time feature flags per strategy. (A fused signal's sources travel
-- in the signal's payload, stored whole in signals.payload.)

-- A plug-in's kind is a file path or a package name, longer than a registered kind's 50 characters.
ALTER TABLE strategies ALTER COLUMN kind TYPE TEXT;

-- The enabled state of a strategy set at run time (REST or `ats strategies`), which outlives a
-- restart: the configuration's `enabled` is the default until a flag is set. Each change is an
-- audited API call (the audit trail); this row holds the current state and who set it last.
CREATE TABLE strategy_flags (
    strategy_id VARCHAR(50) PRIMARY KEY,
    enabled BOOLEAN NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
