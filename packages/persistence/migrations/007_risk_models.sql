-- The risk models' history: each sample's VaR of the portfolio and the P&L that followed it (what VaR
-- backtests read), and the live monitor's state that must survive a restart (the high-water mark).
-- VaR and P&L are statistics (floats are fine); equity is money and keeps its fixed-point column.

CREATE TABLE risk_var_history (
    account_id VARCHAR(50) NOT NULL,
    sampled_at TIMESTAMPTZ NOT NULL,
    method VARCHAR(30) NOT NULL,
    confidence DOUBLE PRECISION NOT NULL CHECK (confidence > 0.5 AND confidence < 1),
    horizon_days INTEGER NOT NULL CHECK (horizon_days >= 1),
    value_at_risk DOUBLE PRECISION NOT NULL CHECK (value_at_risk >= 0),
    expected_shortfall DOUBLE PRECISION NOT NULL,
    -- The P&L over the horizon after the VaR was reported; null until the next sample closes it.
    pnl DOUBLE PRECISION,
    equity DECIMAL(18,4) NOT NULL,
    PRIMARY KEY (account_id, method, sampled_at)
);

CREATE TABLE risk_monitor_state (
    account_id VARCHAR(50) PRIMARY KEY,
    high_water_mark DECIMAL(18,4) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
