#!/bin/sh
# Issue 22: Lighthouse 12.2.3 (bench/web/lighthouse, pinned) SEO and accessibility of the open pages - the landing
# page, the list of vacancies, a vacancy, an organisation, the accessibility statement - in Dutch, as a phone, against
# gunicorn on 127.0.0.1 serving the Maassluis demo, with Debian's Chromium. Usage, from the repository root, after
# `make install`:
#   (cd bench/web/lighthouse && npm ci)           # once
#   sh bench/web/lighthouse_open.sh [database]    # default doemee_bench_light; made and seeded when missing
# Prints a table for bench/RESULTS.md and writes web/lighthouse.json, which the accessibility statement publishes.
set -eu
DB=${1:-doemee_bench_light}
PORT=5098
BASE=http://127.0.0.1:$PORT
OUT=bench/web/lighthouse/out-open
export DOEMEE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB
export DOEMEE_SECRET_KEY=bench-secret-key-that-is-long-enough-for-hs256-0123456789
export DOEMEE_ENV=production
export DOEMEE_RUN_SCHEDULER=false
export FLASK_APP=doemee.wsgi
export PYTHONPATH=$(pwd)
export CHROME_PATH=/usr/bin/chromium
if ! psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  createdb -h 127.0.0.1 -U postgres "$DB"
  .venv/bin/flask db upgrade && .venv/bin/flask load-reference-data && .venv/bin/flask seed-demo
fi
.venv/bin/gunicorn -w 2 -b 127.0.0.1:$PORT --log-level warning doemee.wsgi:app &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 4
VACANCY=$(curl -s -H 'Accept-Language: nl' "$BASE/vacatures" | grep -o 'href="/vacatures/[0-9a-f-]\{36\}"' | head -1 | cut -d'"' -f2)
ORGANISATION=$(curl -s -H 'Accept-Language: nl' "$BASE$VACANCY" | grep -o 'href="/organisaties/[0-9a-f-]\{36\}"' | head -1 | cut -d'"' -f2)
mkdir -p $OUT
for page in landing:/ vacatures:/vacatures vacature:$VACANCY organisatie:$ORGANISATION toegankelijkheid:/toegankelijkheid; do
  name=${page%%:*}
  path=${page#*:}
  bench/web/lighthouse/node_modules/.bin/lighthouse "$BASE$path" --quiet --only-categories=seo,accessibility \
    --form-factor=mobile --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --extra-headers='{"Accept-Language": "nl"}' --output=json --output-path="$OUT/$name.json" || true
done
.venv/bin/python bench/web/lighthouse_open.py $OUT/landing.json $OUT/vacatures.json $OUT/vacature.json \
  $OUT/organisatie.json $OUT/toegankelijkheid.json --record web/lighthouse.json
