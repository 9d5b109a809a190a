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
. bench/web/demo_server.sh
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
