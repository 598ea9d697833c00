#!/bin/sh
# One Redis Sentinel: watches the primary `ats` (redis-primary), two of three must agree it is down;
# the configuration is written to a writable file because a sentinel rewrites it on each failover.
set -eu
cat > /tmp/sentinel.conf <<CONF
port 26379
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel monitor ats redis-primary 6379 2
sentinel down-after-milliseconds ats 5000
sentinel failover-timeout ats 30000
sentinel parallel-syncs ats 1
CONF
exec redis-server /tmp/sentinel.conf --sentinel
