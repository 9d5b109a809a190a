#!/bin/sh
# The first hour of a thank-you campaign at Maassluis scale, against gunicorn (2 workers) + PostgreSQL on
# 127.0.0.1. Usage (from the repository root): sh bench/campaign/run.sh [seconds] [connections]
set -eu
SECONDS_RUN=${1:-60}
CONNECTIONS=${2:-16}
DB=doemee_bench_appreciation
OUT=/tmp/campaign-bench
export DOEMEE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB
export DOEMEE_SECRET_KEY=bench-secret-key-that-is-long-enough-for-hs256-0123456789
export DOEMEE_ACCESS_TOKEN_MINUTES=240
export DOEMEE_ENV=production
export PYTHONPATH=$(pwd)
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
rm -rf $OUT
.venv/bin/python bench/campaign/setup.py $OUT
.venv/bin/gunicorn -w 2 -b 127.0.0.1:8077 --log-level warning doemee.wsgi:app &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 4
CLAIMS_FILE=$OUT/claims.txt WRK_THREADS=2 wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency --timeout 10s \
  -s bench/campaign/claims.lua http://127.0.0.1:8077
.venv/bin/python bench/campaign/redeem.py $OUT --vouchers 3000
.venv/bin/python bench/campaign/verify.py $OUT
