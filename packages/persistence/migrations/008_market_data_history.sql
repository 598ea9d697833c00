-- Market data at scale: market_quotes partitioned by month of its timestamp (declarative partitions,
-- BRIN on time), rejected market data kept with its reason, backfill progress, and feed failovers.
-- The same statements run on PGlite (PostgreSQL 17 in WebAssembly) and PostgreSQL.
ALTER TABLE market_quotes RENAME TO market_quotes_unpartitioned;
ALTER SEQUENCE market_quotes_id_seq OWNED BY NONE;
CREATE TABLE market_quotes (
    id BIGINT NOT NULL DEFAULT nextval('market_quotes_id_seq'),
    symbol VARCHAR(10) NOT NULL,
    timestamp TIMESTAMPTZ NOT NULL,
    price DECIMAL(12,4) NOT NULL,
    bid DECIMAL(12,4),
    ask DECIMAL(12,4),
    volume BIGINT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    bid_size BIGINT,
    ask_size BIGINT,
    received_at TIMESTAMPTZ,
    -- A partitioned table's primary key must contain the partition key.
    PRIMARY KEY (id, timestamp)
) PARTITION BY RANGE (timestamp);
ALTER SEQUENCE market_quotes_id_seq OWNED BY market_quotes.id;
-- Rows of months without their own partition land here; maintenance moves them into monthly ones.
CREATE TABLE market_quotes_default PARTITION OF market_quotes DEFAULT;
INSERT INTO market_quotes (id, symbol, timestamp, price, bid, ask, volume, created_at, bid_size, ask_size, received_at)
    SELECT id, symbol, timestamp, price, bid, ask, volume, created_at, bid_size, ask_size, received_at
    FROM market_quotes_unpartitioned;
DROP TABLE market_quotes_unpartitioned;
CREATE INDEX idx_symbol_timestamp ON market_quotes (symbol, timestamp);
-- Quotes arrive in time order, so a BRIN index on time is tiny and prunes range scans well.
CREATE INDEX idx_market_quotes_timestamp_brin ON market_quotes USING brin (timestamp);

-- Market data the validator refused, with its reason, for inspection (bounded by the repository).
CREATE TABLE market_data_rejections (
    id BIGSERIAL PRIMARY KEY,
    symbol VARCHAR(20) NOT NULL,
    source VARCHAR(40),
    code VARCHAR(40) NOT NULL,
    reason TEXT NOT NULL,
    payload JSONB NOT NULL,
    rejected_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_market_data_rejections_symbol ON market_data_rejections (symbol, id);

-- How far a backfill got, per provider, symbol, timeframe and requested range: a rerun resumes here.
CREATE TABLE backfill_progress (
    provider VARCHAR(40) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    timeframe VARCHAR(10) NOT NULL,
    range_from TIMESTAMPTZ NOT NULL,
    range_to TIMESTAMPTZ NOT NULL,
    -- Everything before this instant is stored.
    done_until TIMESTAMPTZ NOT NULL,
    rows_written BIGINT NOT NULL DEFAULT 0,
    completed BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (provider, symbol, timeframe, range_from, range_to)
);

-- Each switch of the data feed from one provider to another, and why.
CREATE TABLE market_data_failovers (
    id BIGSERIAL PRIMARY KEY,
    from_provider VARCHAR(40) NOT NULL,
    to_provider VARCHAR(40) NOT NULL,
    reason TEXT NOT NULL,
    switched_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Bars loaded by COPY land here first, tagged by batch, then move into market_ohlcv with an upsert,
-- so a repeated or resumed backfill never duplicates a bar.
CREATE UNLOGGED TABLE market_ohlcv_staging (
    batch_id VARCHAR(40) NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    timeframe VARCHAR(10) NOT NULL,
    timestamp TIMESTAMPTZ NOT NULL,
    open_price DECIMAL(12,4) NOT NULL,
    high_price DECIMAL(12,4) NOT NULL,
    low_price DECIMAL(12,4) NOT NULL,
    close_price DECIMAL(12,4) NOT NULL,
    volume BIGINT NOT NULL,
    adjusted_close DECIMAL(12,4)
);
CREATE INDEX idx_market_ohlcv_staging_batch ON market_ohlcv_staging (batch_id);
