-- Backtest runs submitted through the Backtesting Engine's API: the request, progress, and result.

CREATE TABLE backtest_runs (
    id UUID PRIMARY KEY,
    status VARCHAR(20) NOT NULL,
    request JSONB NOT NULL,
    progress DOUBLE PRECISION NOT NULL DEFAULT 0,
    result JSONB,
    error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
CREATE INDEX idx_backtest_runs_created ON backtest_runs (created_at);
