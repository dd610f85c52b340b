#!/usr/bin/env bash
# Prepares a Debian machine for the auditor, doing only what is missing: Chromium (the browser audits run in),
# Redis (the queue service and its tests), PostgreSQL (the PostgreSQL store's tests; the store defaults to SQLite), npm; then `npm ci`, which also installs the pinned Node 24 (the `node`
# package) that every npm script runs on. Safe to run again: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

packages=()
[ -x "${EINDEX_CHROMIUM:-/usr/bin/chromium}" ] || packages+=(chromium fonts-dejavu-core)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
# PostgreSQL: installed unless one already listens on 127.0.0.1:5432 or the Debian package is there.
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
pg_up || command -v pg_ctlcluster >/dev/null 2>&1 || packages+=(postgresql)
command -v psql >/dev/null 2>&1 || packages+=(postgresql-client) # checks the test role below
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# For the tests only: `ip netns` builds non-loopback test hosts (SSRF test), openssl makes test TLS certificates.
command -v ip >/dev/null 2>&1 || packages+=(iproute2)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "setup: installing ${packages[*]} (Debian packages)"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" ca-certificates >/dev/null
fi

# Reinstall node_modules only when package-lock.json changed since the last install.
stamp=node_modules/.eindex-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/node ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: npm ci (installs the pinned Node and the dependencies exactly as package-lock.json says)"
  # The committed lock holds every platform's entry of bullmq's optional native addon (msgpackr-extract), so
  # `npm ci` accepts it and a fresh clone stays clean.
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# Redis for the queue tests and the service: started here when nothing answers on 127.0.0.1:6379.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "setup: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --maxmemory-policy noeviction
fi

# PostgreSQL for the store tests (test/helpers/postgres.ts): the Debian cluster started when nothing answers on
# 127.0.0.1:5432 (no systemd in containers), and a role and database eindex/eindex that may create test databases.
if ! pg_up; then
  cluster=$(pg_lsclusters --no-header | awk 'NR == 1 { print $1 " " $2 }')
  echo "setup: starting PostgreSQL cluster ${cluster} on 127.0.0.1:5432"
  # shellcheck disable=SC2086 # "version name", two words
  $SUDO pg_ctlcluster $cluster start
fi
as_postgres() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && sudo -u postgres "$@"); fi; }
if ! PGPASSWORD=eindex PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -U eindex -d eindex -tAc 'SELECT 1' >/dev/null 2>&1; then
  echo "setup: creating the PostgreSQL role and database eindex (password eindex, CREATEDB) for the tests"
  as_postgres psql -v ON_ERROR_STOP=1 -qc "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eindex') THEN CREATE ROLE eindex LOGIN CREATEDB PASSWORD 'eindex'; END IF; END \$\$;"
  as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'eindex'" | grep -q 1 || as_postgres createdb -O eindex eindex
fi

echo "setup: ready — Node $(node_modules/.bin/node --version), $("${EINDEX_CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -1), $(psql --version | head -1)"
