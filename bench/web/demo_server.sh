# Sourced by bench/web/lighthouse.sh and lighthouse_open.sh (with DB, PORT and OUT set): the Maassluis demo in the
# database $DB (made and seeded when missing), served by gunicorn (2 workers, production settings) on 127.0.0.1:$PORT
# until the calling script ends; Lighthouse drives Debian's Chromium.
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
mkdir -p "$OUT"  # the request log goes to $OUT/server.log, not between the results
.venv/bin/gunicorn -w 2 -b 127.0.0.1:$PORT --log-level warning doemee.wsgi:app 2>"$OUT/server.log" &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 4
