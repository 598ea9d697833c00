-- Execution algorithms: parent orders and their children (each child is also an ordinary row of
-- `orders`), and the transaction cost analysis computed per order and per parent.

CREATE TABLE algorithm_parent_orders (
    id VARCHAR(64) PRIMARY KEY,
    account_id VARCHAR(50) NOT NULL,
    strategy_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    side VARCHAR(4) NOT NULL,
    quantity INTEGER NOT NULL,
    algorithm VARCHAR(10) NOT NULL,
    parameters JSONB NOT NULL,
    status VARCHAR(10) NOT NULL,
    status_reason TEXT NOT NULL DEFAULT '',
    arrival_bid DECIMAL(12,4),
    arrival_ask DECIMAL(12,4),
    arrival_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (side IN ('BUY', 'SELL')),
    CHECK (quantity > 0),
    CHECK (status IN ('working', 'paused', 'completed', 'canceled')),
    CHECK (algorithm IN ('TWAP', 'VWAP', 'POV', 'IS', 'ICEBERG'))
);
CREATE INDEX idx_algorithm_parents_account_status ON algorithm_parent_orders (account_id, status);

-- Written before the child's order is placed; the order id derives from (parent, sequence), so a child
-- re-placed after a crash is the same order and never a second one.
CREATE TABLE algorithm_child_orders (
    order_id UUID PRIMARY KEY,
    parent_id VARCHAR(64) NOT NULL REFERENCES algorithm_parent_orders(id),
    sequence INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    venue VARCHAR(20),
    route_reason TEXT,
    decided_at TIMESTAMPTZ NOT NULL,
    submitted_at TIMESTAMPTZ,
    acknowledged_at TIMESTAMPTZ,
    first_fill_at TIMESTAMPTZ,
    last_fill_at TIMESTAMPTZ,
    CHECK (quantity > 0),
    UNIQUE (parent_id, sequence)
);

CREATE TABLE tca_results (
    scope VARCHAR(10) NOT NULL,
    subject_id VARCHAR(64) NOT NULL,
    account_id VARCHAR(50) NOT NULL,
    strategy_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    side VARCHAR(4) NOT NULL,
    algorithm VARCHAR(10),
    venues TEXT NOT NULL DEFAULT '',
    trade_date DATE NOT NULL,
    quantity INTEGER NOT NULL,
    filled_quantity INTEGER NOT NULL,
    arrival_price DECIMAL(12,4),
    average_price DECIMAL(12,4),
    interval_vwap DECIMAL(12,4),
    close_price DECIMAL(12,4),
    slippage_arrival_bps DOUBLE PRECISION,
    slippage_vwap_bps DOUBLE PRECISION,
    slippage_close_bps DOUBLE PRECISION,
    delay_cost DECIMAL(15,4),
    trading_cost DECIMAL(15,4),
    opportunity_cost DECIMAL(15,4),
    shortfall_bps DOUBLE PRECISION,
    commissions DECIMAL(15,4) NOT NULL DEFAULT 0,
    fill_rate DOUBLE PRECISION NOT NULL,
    decision_to_submit_ms DOUBLE PRECISION,
    submit_to_ack_ms DOUBLE PRECISION,
    ack_to_first_fill_ms DOUBLE PRECISION,
    first_to_last_fill_ms DOUBLE PRECISION,
    decided_at TIMESTAMPTZ NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, subject_id),
    CHECK (scope IN ('order', 'parent'))
);
CREATE INDEX idx_tca_account_date ON tca_results (account_id, trade_date);
