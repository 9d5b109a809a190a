#!/usr/bin/env bash
# The suite at the real hour (its output shown as it goes) and, at the same time, the suite with the clock at each of
# $CLOCK_RUNS (Amsterdam time), each clock run in its own process and on its own PostgreSQL database next to
# DOEMEE_TEST_DATABASE_URL's (<db>_0300, <db>_1400: made before, dropped after); each clock run's output is shown when
# it ends. Called by `make test` (see the Makefile), which starts an embedded PostgreSQL when no URL is given.
# The clock runs leave out tests/matching: the matching library never reads the clock (every time is passed in), so
# its tests cannot tell one hour from another (named in PYTEST_ARGS, they run). Nor do they repeat a test that pins
# the clock itself (@time_machine.travel) or a module marked any_hour (tests/conftest.py deselects them when
# DOEMEE_TEST_LOCAL_TIME is set). A clock run left with no test passes.
# The slow tests (marked slow: servers of their own, a wheel built and installed, schemathesis) and the real-browser
# tests run at the real hour too, in a process of their own on <db>_slow from the start: the machine has cores to spare while the runs above
# wait on PostgreSQL, and the real-hour run no longer waits for them at its end.
set -u
python="$1"
if [ "${CLOCK_RUNS:-}" = "auto" ]; then
  # The other end of the day from the real hour: a night run is checked at 14:00, a day run at 03:00.
  hour=$((10#$(TZ=Europe/Amsterdam date +%H)))
  if [ "$hour" -ge 7 ] && [ "$hour" -lt 22 ]; then CLOCK_RUNS="03:00"; else CLOCK_RUNS="14:00"; fi
fi
: "${DOEMEE_TEST_DATABASE_URL:?must name a PostgreSQL database (make test starts an embedded one without it)}"
dir="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for hhmm in $CLOCK_RUNS slow; do "$python" -m tests.databases drop "$DOEMEE_TEST_DATABASE_URL" "${hhmm/:/}"; done
  rm -rf "$dir"
}
trap 'cleanup; exit 130' INT TERM
for hhmm in $CLOCK_RUNS; do
  url="$("$python" -m tests.databases create "$DOEMEE_TEST_DATABASE_URL" "${hhmm/:/}")" || { cleanup; exit 1; }
  DOEMEE_TEST_DATABASE_URL="$url" DOEMEE_TEST_REDIS_URL= DOEMEE_TEST_LOCAL_TIME="$hhmm" \
    "$python" -m pytest -q -p no:cacheprovider -m "not browser and not slow" --ignore=tests/matching $PYTEST_ARGS \
    > "$dir/${hhmm/:/}.log" 2>&1 &
  pids+=("$!")
done
slow_url="$("$python" -m tests.databases create "$DOEMEE_TEST_DATABASE_URL" slow)" || { cleanup; exit 1; }
DOEMEE_TEST_DATABASE_URL="$slow_url" "$python" -m pytest -q -p no:cacheprovider -m "slow or browser" $PYTEST_ARGS \
  > "$dir/slow.log" 2>&1 &
slow_pid="$!"
pids+=("$slow_pid")
status=0
echo "== the suite at the real hour (the slow and the real-browser tests beside it) =="
"$python" -m pytest -m "not slow and not browser" $PYTEST_ARGS || status=1
echo "== the slow and the real-browser tests at the real hour =="
wait "$slow_pid"
code=$?
if [ "$code" -eq 0 ] || [ "$code" -eq 5 ]; then
  tail -n 3 "$dir/slow.log"
else
  status=1
  cat "$dir/slow.log"
fi
i=0
for hhmm in $CLOCK_RUNS; do
  echo "== the suite at $hhmm Amsterdam time =="
  wait "${pids[$i]}"
  code=$?
  if [ "$code" -eq 0 ] || [ "$code" -eq 5 ]; then  # 5: no test of the selection is left for a clock run
    tail -n 3 "$dir/${hhmm/:/}.log"
  else
    status=1
    cat "$dir/${hhmm/:/}.log"
  fi
  i=$((i + 1))
done
pids=()
cleanup
exit $status
