#!/usr/bin/env bash
# The suite on SQLite with the clock at each of $CLOCK_RUNS (Amsterdam time), all at once, each in its own process
# and temporary database; each run's output is shown when it ends. Called by `make test` (see the Makefile).
set -u
python="$1"
dir="$(mktemp -d)"
pids=()
for hhmm in $CLOCK_RUNS; do
  DOEMEE_TEST_DATABASE_URL= DOEMEE_TEST_REDIS_URL= DOEMEE_TEST_LOCAL_TIME="$hhmm" \
    "$python" -m pytest -q -p no:cacheprovider -m "not browser and not slow" $PYTEST_ARGS \
    > "$dir/${hhmm/:/}.log" 2>&1 &
  pids+=("$!")
done
status=0
i=0
for hhmm in $CLOCK_RUNS; do
  echo "== the suite on SQLite at $hhmm Amsterdam time =="
  if wait "${pids[$i]}"; then
    tail -n 3 "$dir/${hhmm/:/}.log"
  else
    status=1
    cat "$dir/${hhmm/:/}.log"
  fi
  i=$((i + 1))
done
rm -rf "$dir"
exit $status
