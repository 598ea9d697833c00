-- The Risk Manager's controls as data: limit overrides per account, strategy and symbol (the config's
-- risk_limits are the defaults), the restricted list, the kill switch, and the day state that keeps
-- today's loss and the high-water mark across a restart.

CREATE TABLE risk_limit_overrides (
    account_id VARCHAR(50) NOT NULL,
    scope VARCHAR(10) NOT NULL CHECK (scope IN ('account', 'strategy', 'symbol')),
    -- The strategy id or symbol; '' for the account scope.
    scope_id VARCHAR(50) NOT NULL,
    limit_key VARCHAR(50) NOT NULL,
    limit_value NUMERIC(24, 8) NOT NULL CHECK (limit_value >= 0),
    updated_by VARCHAR(100) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (account_id, scope, scope_id, limit_key)
);

CREATE TABLE risk_restricted_symbols (
    account_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    reason TEXT NOT NULL,
    added_by VARCHAR(100) NOT NULL,
    added_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (account_id, symbol)
);

CREATE TABLE risk_kill_switch (
    account_id VARCHAR(50) PRIMARY KEY,
    halted BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    changed_by VARCHAR(100) NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Money as raw integers of 1/10,000 (exact, as the engine keeps them).
CREATE TABLE risk_day_state (
    account_id VARCHAR(50) PRIMARY KEY,
    risk_day INTEGER NOT NULL,
    day_start_equity_raw BIGINT NOT NULL,
    high_water_mark_raw BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
