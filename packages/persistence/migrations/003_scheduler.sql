-- The job scheduler's tables: job definitions, and one row per claimed run (the exactly-once guard).

CREATE TABLE scheduler_jobs (
    id VARCHAR(100) PRIMARY KEY,
    kind VARCHAR(50) NOT NULL,
    trigger JSONB NOT NULL,
    options JSONB NOT NULL DEFAULT '{}',
    paused BOOLEAN NOT NULL DEFAULT FALSE,
    priority INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE scheduler_job_runs (
    job_id VARCHAR(200) NOT NULL,
    scheduled_for TIMESTAMPTZ NOT NULL,
    status VARCHAR(20) NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0,
    instance VARCHAR(100) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    error TEXT,
    PRIMARY KEY (job_id, scheduled_for)
);
CREATE INDEX idx_scheduler_job_runs_started ON scheduler_job_runs (started_at);
