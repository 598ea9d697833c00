#!/usr/bin/env bash
# Makes a self-signed certificate for the gateway (ECDSA P-256, SAN localhost and 127.0.0.1), key mode 0600.
# Usage: deploy/nginx/make-self-signed-cert.sh [DIR] [HOSTNAME]   (default: ./deploy/nginx/certs localhost)
# Real certificates: point --cert/--key of render-config.mjs at them instead.
set -euo pipefail
dir="${1:-$(dirname "$0")/certs}"
host="${2:-localhost}"
if ! [[ "$host" =~ ^[A-Za-z0-9.-]{1,253}$ ]]; then echo "make-self-signed-cert: '$host' is not a host name" >&2; exit 2; fi
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
  -keyout "$dir/gateway.key" -out "$dir/gateway.crt" -subj "/CN=$host" \
  -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
chmod 600 "$dir/gateway.key"
chmod 644 "$dir/gateway.crt"
echo "$dir/gateway.crt"
