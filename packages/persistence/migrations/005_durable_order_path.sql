-- The durable order path: money columns wide enough for any realistic value, fills unique per venue
-- execution, the order terms of the full order model, the transactional outbox, reconciliation records,
-- per-symbol trading halts and the executor lease that fences a second executor off an account.

ALTER TABLE trades ALTER COLUMN commission TYPE DECIMAL(15,4);
ALTER TABLE trades ALTER COLUMN pnl TYPE DECIMAL(15,4);
ALTER TABLE trades ADD COLUMN execution_id VARCHAR(64);
UPDATE trades SET execution_id = id::text WHERE execution_id IS NULL;
UPDATE trades SET venue = '' WHERE venue IS NULL;
ALTER TABLE trades ALTER COLUMN execution_id SET NOT NULL;
ALTER TABLE trades ALTER COLUMN venue SET NOT NULL;
CREATE UNIQUE INDEX idx_trades_venue_execution ON trades (venue, execution_id);

ALTER TABLE orders ADD COLUMN venue VARCHAR(20);
ALTER TABLE orders ADD COLUMN venue_order_id VARCHAR(64);
ALTER TABLE orders ADD COLUMN commission DECIMAL(15,4) NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN trailing_amount DECIMAL(12,4);
ALTER TABLE orders ADD COLUMN trailing_basis_points INTEGER;
ALTER TABLE orders ADD COLUMN order_list_id VARCHAR(64);
ALTER TABLE orders ADD COLUMN parent_order_id UUID;
ALTER TABLE orders ADD COLUMN contingency VARCHAR(3);
ALTER TABLE orders ADD COLUMN origin VARCHAR(10) NOT NULL DEFAULT 'strategy';
CREATE INDEX idx_orders_account_status ON orders (account_id, status);

-- Events that must not be lost, written in the transaction of the state they describe and relayed to
-- the bus afterwards. source is the writer (one journal of one service): each relays, and after a bus
-- data loss re-relays, its own rows, so two relays never race over one row. A writer commits one
-- transaction at a time, so its rows' sequence order is its commit order, and outbox_relay_positions
-- keeps, per source, the sequence up to which every row is on the bus: one row updated per batch
-- instead of every outbox row twice.
CREATE TABLE event_outbox (
    sequence BIGSERIAL PRIMARY KEY,
    source VARCHAR(50) NOT NULL,
    event_id VARCHAR(64) NOT NULL,
    topic VARCHAR(100) NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (topic, event_id)
);
CREATE INDEX idx_event_outbox_source ON event_outbox (source, sequence);

CREATE TABLE outbox_relay_positions (
    source VARCHAR(50) PRIMARY KEY,
    relayed_through BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE reconciliation_events (
    id BIGSERIAL PRIMARY KEY,
    account_id VARCHAR(50) NOT NULL,
    venue VARCHAR(20) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    symbol VARCHAR(10),
    order_id UUID,
    detail TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_reconciliation_events_account ON reconciliation_events (account_id, id);

CREATE TABLE trading_halts (
    account_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    reason TEXT NOT NULL,
    halted_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    resolved_at TIMESTAMPTZ,
    resolution TEXT,
    id BIGSERIAL PRIMARY KEY
);
CREATE UNIQUE INDEX idx_trading_halts_open ON trading_halts (account_id, symbol) WHERE resolved_at IS NULL;

-- One executor per account: the holder renews its lease; every order write checks the token it holds.
CREATE TABLE executor_leases (
    account_id VARCHAR(50) PRIMARY KEY,
    holder VARCHAR(100) NOT NULL,
    token BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- The paper venue's own books: it is a simulated broker, so it keeps its orders and executions apart
-- from the platform's tables and survives a restart of the Trade Executor, as a broker would.
CREATE TABLE paper_venue_orders (
    order_id UUID PRIMARY KEY,
    venue VARCHAR(20) NOT NULL,
    venue_order_id VARCHAR(64) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    side VARCHAR(4) NOT NULL,
    order_type VARCHAR(20) NOT NULL,
    time_in_force VARCHAR(10) NOT NULL,
    quantity INTEGER NOT NULL,
    filled_quantity INTEGER NOT NULL DEFAULT 0,
    limit_price DECIMAL(12,4),
    stop_price DECIMAL(12,4),
    status VARCHAR(20) NOT NULL,
    reason TEXT,
    initialized TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_paper_venue_orders_open ON paper_venue_orders (venue, status);

CREATE TABLE paper_venue_executions (
    venue VARCHAR(20) NOT NULL,
    execution_id VARCHAR(64) NOT NULL,
    order_id UUID NOT NULL,
    venue_order_id VARCHAR(64) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    side VARCHAR(4) NOT NULL,
    quantity INTEGER NOT NULL,
    price DECIMAL(12,4) NOT NULL,
    commission DECIMAL(15,4) NOT NULL,
    executed_at TIMESTAMPTZ NOT NULL,
    sequence BIGSERIAL NOT NULL,
    PRIMARY KEY (venue, execution_id)
);
CREATE INDEX idx_paper_venue_executions_time ON paper_venue_executions (venue, executed_at);
