-- The specification's tables, corrected to valid PostgreSQL (inline INDEX lines become CREATE INDEX),
-- with the columns the platform needs added after the spec's own. Runs on PostgreSQL and PGlite.

CREATE TABLE market_quotes (
    id BIGSERIAL PRIMARY KEY,
    symbol VARCHAR(10) NOT NULL,
    timestamp TIMESTAMPTZ NOT NULL,
    price DECIMAL(12,4) NOT NULL,
    bid DECIMAL(12,4),
    ask DECIMAL(12,4),
    volume BIGINT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    bid_size BIGINT,
    ask_size BIGINT,
    received_at TIMESTAMPTZ
);
CREATE INDEX idx_symbol_timestamp ON market_quotes (symbol, timestamp);

CREATE TABLE market_ohlcv (
    id BIGSERIAL PRIMARY KEY,
    symbol VARCHAR(10) NOT NULL,
    timeframe VARCHAR(10) NOT NULL,
    timestamp TIMESTAMPTZ NOT NULL,
    open_price DECIMAL(12,4) NOT NULL,
    high_price DECIMAL(12,4) NOT NULL,
    low_price DECIMAL(12,4) NOT NULL,
    close_price DECIMAL(12,4) NOT NULL,
    volume BIGINT NOT NULL,
    adjusted_close DECIMAL(12,4),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    UNIQUE (symbol, timeframe, timestamp)
);

CREATE TABLE orders (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    symbol VARCHAR(10) NOT NULL,
    order_type VARCHAR(20) NOT NULL,
    side VARCHAR(4) NOT NULL,
    quantity INTEGER NOT NULL,
    price DECIMAL(12,4),
    status VARCHAR(20) NOT NULL,
    time_in_force VARCHAR(10) DEFAULT 'DAY',
    strategy_id VARCHAR(50),
    signal_id UUID,
    risk_assessment_id UUID,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    expires_at TIMESTAMPTZ,
    account_id VARCHAR(50) NOT NULL,
    stop_price DECIMAL(12,4),
    filled_quantity INTEGER NOT NULL DEFAULT 0,
    avg_fill_price DECIMAL(12,4),
    status_reason TEXT,
    CHECK (side IN ('BUY', 'SELL')),
    CHECK (quantity > 0),
    CHECK (filled_quantity >= 0 AND filled_quantity <= quantity)
);
CREATE INDEX idx_symbol_status ON orders (symbol, status);
CREATE INDEX idx_strategy_created ON orders (strategy_id, created_at);

CREATE TABLE trades (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id UUID NOT NULL REFERENCES orders(id),
    symbol VARCHAR(10) NOT NULL,
    side VARCHAR(4) NOT NULL,
    quantity INTEGER NOT NULL,
    executed_price DECIMAL(12,4) NOT NULL,
    commission DECIMAL(8,4) DEFAULT 0,
    executed_at TIMESTAMPTZ NOT NULL,
    venue VARCHAR(20),
    strategy_id VARCHAR(50),
    pnl DECIMAL(12,4),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    account_id VARCHAR(50) NOT NULL,
    -- Insertion order: executions replay in the order they were recorded, even within one millisecond.
    sequence BIGSERIAL NOT NULL,
    CHECK (side IN ('BUY', 'SELL')),
    CHECK (quantity > 0)
);
CREATE INDEX idx_symbol_executed ON trades (symbol, executed_at);
CREATE INDEX idx_strategy_executed ON trades (strategy_id, executed_at);
CREATE INDEX idx_trades_account_sequence ON trades (account_id, sequence);

CREATE TABLE portfolio_positions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    quantity INTEGER NOT NULL,
    avg_cost DECIMAL(12,4) NOT NULL,
    market_value DECIMAL(15,4),
    unrealized_pnl DECIMAL(15,4),
    realized_pnl DECIMAL(15,4),
    last_updated TIMESTAMPTZ DEFAULT NOW(),
    market_price DECIMAL(12,4),
    UNIQUE (account_id, symbol)
);

CREATE TABLE portfolio_snapshots (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id VARCHAR(50) NOT NULL,
    snapshot_date DATE NOT NULL,
    total_value DECIMAL(15,4) NOT NULL,
    cash_balance DECIMAL(15,4) NOT NULL,
    invested_value DECIMAL(15,4) NOT NULL,
    day_pnl DECIMAL(15,4),
    total_pnl DECIMAL(15,4),
    performance_metrics JSONB,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    UNIQUE (account_id, snapshot_date)
);
