#!/bin/sh
# Runs fuzz targets one after another, each for SECONDS, on one core at the lowest priority;
# each run's libFuzzer log goes to fuzz/logs/<target>.log (final stats: executions, coverage).
#   fuzz/run.sh SECONDS [TARGET…]      (default targets: sanitize har analyze console)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:?usage: run.sh SECONDS [TARGET...]}
shift
targets=${*:-sanitize har analyze console}
mkdir -p "$here/logs"
[ -d "$here/corpus/har" ] || "$here/seed.sh"
cd "$here"
for t in $targets; do
    echo "== $t: ${secs}s from $(date -u +%H:%M:%S)"
    nice -n 19 cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len=131072 -timeout=20 -rss_limit_mb=2048 \
        -dict=har.dict -print_final_stats=1 >"logs/$t.log" 2>&1 || echo "== $t: stopped (see logs/$t.log, artifacts/$t/)"
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs|SUMMARY|panicked" "logs/$t.log" | tail -3
done
