#!/bin/sh
# Runs once when the primary's data folder is created (the postgres image's /docker-entrypoint-initdb.d):
# a replication role for the streaming replica and pg_basebackup, allowed from the data network.
set -eu
password="$(cat /run/secrets/replication_password)"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${password}';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
