-- Tables the pipeline needs beyond the specification: accounts, strategies, signals, risk assessments,
-- and the processed-event record that makes bus consumers idempotent.

CREATE TABLE accounts (
    account_id VARCHAR(50) PRIMARY KEY,
    starting_cash DECIMAL(15,4) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE strategies (
    id VARCHAR(50) PRIMARY KEY,
    kind VARCHAR(50) NOT NULL,
    parameters JSONB NOT NULL DEFAULT '{}',
    symbols TEXT[] NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE signals (
    id UUID PRIMARY KEY,
    event_id VARCHAR(64) NOT NULL UNIQUE,
    strategy_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    direction VARCHAR(5) NOT NULL,
    strength DOUBLE PRECISION NOT NULL,
    reference_price DECIMAL(12,4) NOT NULL,
    generated_at TIMESTAMPTZ NOT NULL,
    payload JSONB NOT NULL,
    sequence BIGSERIAL NOT NULL
);
CREATE INDEX idx_signals_strategy_generated ON signals (strategy_id, generated_at);
CREATE INDEX idx_signals_sequence ON signals (sequence);

CREATE TABLE risk_assessments (
    id UUID PRIMARY KEY,
    signal_id UUID NOT NULL,
    strategy_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    approved BOOLEAN NOT NULL,
    reason_code VARCHAR(50),
    reason TEXT,
    side VARCHAR(4),
    quantity INTEGER,
    sizing TEXT,
    assessed_at TIMESTAMPTZ NOT NULL,
    payload JSONB NOT NULL,
    sequence BIGSERIAL NOT NULL
);
CREATE INDEX idx_risk_assessments_signal ON risk_assessments (signal_id);
CREATE INDEX idx_risk_assessments_sequence ON risk_assessments (sequence);

CREATE TABLE processed_events (
    consumer VARCHAR(100) NOT NULL,
    event_id VARCHAR(64) NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (consumer, event_id)
);
