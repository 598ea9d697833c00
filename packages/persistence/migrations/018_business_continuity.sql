-- Business continuity: the manual override mode (only operators' orders; strategies' signals refused),
-- kept per account so a restart keeps it, and the protective stop orders held at the venue for open
-- positions (which order protects which symbol, so a restarted executor resizes or cancels its own).
CREATE TABLE trading_modes (
    account_id VARCHAR(50) PRIMARY KEY,
    manual_override BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    changed_by VARCHAR(100) NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE protective_stops (
    account_id VARCHAR(50) NOT NULL,
    symbol VARCHAR(20) NOT NULL,
    order_id UUID NOT NULL,
    side VARCHAR(4) NOT NULL CHECK (side IN ('BUY', 'SELL')),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    stop_price_raw BIGINT NOT NULL CHECK (stop_price_raw > 0),
    placed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (account_id, symbol)
);
