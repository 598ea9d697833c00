-- The model registry: versioned machine-learning models with their features, parameters, training
-- window, metrics and serialized artifact; at most one production version per model name, and every
-- promotion and rollback recorded. Metrics are statistics (JSON numbers are fine: no money here).

CREATE TABLE ml_models (
    name VARCHAR(100) NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    kind VARCHAR(50) NOT NULL,
    task VARCHAR(20) NOT NULL CHECK (task IN ('classification', 'regression')),
    features JSONB NOT NULL,
    parameters JSONB NOT NULL,
    horizon_bars INTEGER NOT NULL CHECK (horizon_bars >= 1),
    symbols TEXT[] NOT NULL,
    training_from TIMESTAMPTZ NOT NULL,
    training_to TIMESTAMPTZ NOT NULL CHECK (training_to >= training_from),
    metrics JSONB NOT NULL,
    feature_columns INTEGER NOT NULL CHECK (feature_columns >= 1),
    context_rows INTEGER NOT NULL CHECK (context_rows >= 1),
    artifact BYTEA NOT NULL,
    artifact_sha256 CHAR(64) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'production', 'retired')),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (name, version)
);

-- One production version per model name, enforced by the database rather than by the caller.
CREATE UNIQUE INDEX ml_models_one_production ON ml_models (name) WHERE status = 'production';

CREATE TABLE ml_model_promotions (
    id BIGSERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    version INTEGER NOT NULL,
    action VARCHAR(20) NOT NULL CHECK (action IN ('promote', 'rollback')),
    previous_version INTEGER,
    actor VARCHAR(100) NOT NULL,
    reason TEXT NOT NULL,
    happened_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (name, version) REFERENCES ml_models (name, version)
);

CREATE INDEX ml_model_promotions_by_name ON ml_model_promotions (name, id);
