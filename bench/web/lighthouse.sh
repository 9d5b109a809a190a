#!/bin/sh
# Issue 24, light pages: bytes on the wire (bench/web/bench_light.py) and Lighthouse 12.2.3 mobile performance of
# the landing page, the login page, "Mijn DoeMee" and "Voor jou", against gunicorn (2 workers) on 127.0.0.1 serving
# the Maassluis demo, with Debian's Chromium. Usage, from the repository root, after `make install`:
#   (cd bench/web/lighthouse && npm ci)       # once: Lighthouse, pinned in package.json (node_modules not committed)
#   sh bench/web/lighthouse.sh [database]     # default doemee_bench_light; made and seeded when missing
set -eu
DB=${1:-doemee_bench_light}
PORT=5099
BASE=http://127.0.0.1:$PORT
OUT=bench/web/lighthouse/out
. bench/web/demo_server.sh
.venv/bin/python bench/web/bench_light.py --base $BASE
COOKIE=$(.venv/bin/python bench/web/bench_light.py --base $BASE --cookie)
mkdir -p $OUT
for page in landing:/ login:/inloggen mijn:/mijn voor-jou:/voor-jou; do
  name=${page%%:*}
  path=${page#*:}
  headers="{\"Accept-Language\": \"nl\"}"
  case $name in mijn|voor-jou) headers="{\"Accept-Language\": \"nl\", \"Cookie\": \"$COOKIE\"}";; esac
  bench/web/lighthouse/node_modules/.bin/lighthouse "$BASE$path" --quiet --only-categories=performance \
    --form-factor=mobile --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --extra-headers="$headers" --output=json --output-path="$OUT/$name.json" || true
  .venv/bin/python -c "import json,sys; r=json.load(open(sys.argv[1])); a=r['audits']; print('| %s | %s | %d | %.1f s | %.1f s | %d ms | %.3f | %s |' % (sys.argv[2], r['finalDisplayedUrl'].split('5099')[1], round(r['categories']['performance']['score']*100), a['first-contentful-paint']['numericValue']/1000, a['largest-contentful-paint']['numericValue']/1000, a['total-blocking-time']['numericValue'], a['cumulative-layout-shift']['numericValue'], round(a['total-byte-weight']['numericValue']/1000)))" "$OUT/$name.json" "$name"
done
