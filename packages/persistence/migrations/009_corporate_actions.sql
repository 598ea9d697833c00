-- Corporate actions (splits, cash dividends) per symbol, from a provider or a file, for adjusting history.
CREATE TABLE corporate_actions (
    symbol VARCHAR(10) NOT NULL,
    kind VARCHAR(10) NOT NULL CHECK (kind IN ('split', 'dividend')),
    ex_date DATE NOT NULL,
    -- Splits: split_from shares became split_to shares. Dividends: both NULL.
    split_from INTEGER CHECK (split_from > 0),
    split_to INTEGER CHECK (split_to > 0),
    -- Dividends: cash per share. Splits: NULL.
    amount DECIMAL(12,4) CHECK (amount > 0),
    source VARCHAR(40) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (symbol, kind, ex_date),
    CHECK ((kind = 'split' AND split_from IS NOT NULL AND split_to IS NOT NULL AND amount IS NULL)
        OR (kind = 'dividend' AND amount IS NOT NULL AND split_from IS NULL AND split_to IS NULL))
);
