-- The tamper-evident audit trail (a hash chain with signed checkpoints) and field-level encrypted credentials.
-- Function bodies keep each statement's semicolon followed by more text on its line: the migrator
-- splits statements at a semicolon that ends a line.

CREATE TABLE audit_records (
    seq BIGINT PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor_kind VARCHAR(20) NOT NULL,
    actor_id VARCHAR(200) NOT NULL,
    actor_role VARCHAR(20),
    action VARCHAR(100) NOT NULL,
    object VARCHAR(300),
    source VARCHAR(100),
    outcome VARCHAR(40) NOT NULL,
    detail TEXT NOT NULL,
    previous_hash CHAR(64) NOT NULL,
    record_hash CHAR(64) NOT NULL,
    CHECK (seq > 0)
);
CREATE INDEX idx_audit_records_actor ON audit_records (actor_id, occurred_at);
CREATE INDEX idx_audit_records_action ON audit_records (action, occurred_at);
CREATE INDEX idx_audit_records_object ON audit_records (object, occurred_at);
CREATE INDEX idx_audit_records_time ON audit_records (occurred_at);

-- A checkpoint signs the hash of one record with the audit key (Ed25519): rewriting or cutting the
-- chain after it cannot be hidden without that key.
CREATE TABLE audit_checkpoints (
    seq BIGINT PRIMARY KEY,
    record_hash CHAR(64) NOT NULL,
    signed_at TIMESTAMPTZ NOT NULL,
    key_id VARCHAR(64) NOT NULL,
    signature TEXT NOT NULL
);

-- Retention deletes whole prefixes of the chain, each ending at a checkpoint; every cut is kept here.
CREATE TABLE audit_retention_cuts (
    through_seq BIGINT PRIMARY KEY,
    record_hash CHAR(64) NOT NULL,
    cut_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    removed BIGINT NOT NULL
);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit tables are append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$;

-- Deleting a record is refused unless a recorded retention cut covers it: only whole prefixes ending
-- at a checkpoint can go, so what remains still verifies.
CREATE FUNCTION audit_refuse_record_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.seq <= COALESCE((SELECT MAX(through_seq) FROM audit_retention_cuts), 0) THEN RETURN OLD; END IF; RAISE EXCEPTION 'audit_records is append-only: DELETE of record % refused (only audit_retention_cut may remove a prefix)', OLD.seq USING ERRCODE = 'insufficient_privilege'; END $$;

CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records FOR EACH ROW EXECUTE FUNCTION audit_refuse_record_delete();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_cuts_no_change BEFORE UPDATE OR DELETE ON audit_retention_cuts FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_cuts_no_truncate BEFORE TRUNCATE ON audit_retention_cuts FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- A cut must end at a checkpointed record whose stored hash is the signed one, however it is inserted.
CREATE FUNCTION audit_check_cut() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NOT EXISTS (SELECT 1 FROM audit_checkpoints c JOIN audit_records r ON r.seq = c.seq AND r.record_hash = c.record_hash WHERE c.seq = NEW.through_seq AND c.record_hash = NEW.record_hash) THEN RAISE EXCEPTION 'audit retention: record % is not a checkpointed record of the chain', NEW.through_seq USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$;
CREATE TRIGGER audit_cuts_at_checkpoint BEFORE INSERT ON audit_retention_cuts FOR EACH ROW EXECUTE FUNCTION audit_check_cut();

-- The one way to remove old records: a prefix through a checkpointed record, recorded as a cut.
-- SECURITY DEFINER so roles without DELETE on the table can still run retention.
CREATE FUNCTION audit_retention_cut(cut_through BIGINT) RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER AS $$ DECLARE checkpoint_hash CHAR(64); stored_hash CHAR(64); removed_count BIGINT; BEGIN SELECT record_hash INTO checkpoint_hash FROM audit_checkpoints WHERE seq = cut_through; IF checkpoint_hash IS NULL THEN RAISE EXCEPTION 'audit retention: no checkpoint at record %', cut_through; END IF; SELECT record_hash INTO stored_hash FROM audit_records WHERE seq = cut_through; IF stored_hash IS NULL OR stored_hash <> checkpoint_hash THEN RAISE EXCEPTION 'audit retention: record % does not match its checkpoint', cut_through; END IF; SELECT COUNT(*) INTO removed_count FROM audit_records WHERE seq <= cut_through; INSERT INTO audit_retention_cuts (through_seq, record_hash, removed) VALUES (cut_through, checkpoint_hash, removed_count); DELETE FROM audit_records WHERE seq <= cut_through; RETURN removed_count; END $$;

-- Privileges: roles other than the owner may read and append, never change (PUBLIC covers them all).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_records, audit_checkpoints, audit_retention_cuts FROM PUBLIC;
REVOKE INSERT ON audit_retention_cuts FROM PUBLIC;

-- Broker and provider credentials, one encrypted field per row: AES-256-GCM under a data key that is
-- itself wrapped by the master key; the envelope names the master key's id.
CREATE TABLE encrypted_credentials (
    owner VARCHAR(100) NOT NULL,
    field VARCHAR(100) NOT NULL,
    key_id VARCHAR(32) NOT NULL,
    envelope TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (owner, field)
);
CREATE INDEX idx_encrypted_credentials_key ON encrypted_credentials (key_id);
