#!/usr/bin/env bash
# Start-up benchmark: median wall time of `ripcord plan` on the quick-start runbook, next to `java -version`
# measured in the same run on the same machine. Usage: bench/startup.sh [RUNS]   (default 15)
# Target (issue "Performance"): plan within 0.4 s on the 2-core CI machines.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
runs="${1:-15}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

bin/ripcord --version >/dev/null   # build first if needed; never timed

median_ms() { # command...: runs it $runs times (after one warm-up), prints the median wall time in ms
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2))}'
}

java_ms=$(median_ms "$java" -version)
plan_ms=$(median_ms bin/ripcord plan examples/quickstart/hello.groovy)
check_ms=$(median_ms bin/ripcord check examples/quickstart/hello.groovy)
version_ms=$(median_ms bin/ripcord --version)

printf '%-44s %8s %10s\n' "command ($runs runs, median)" "ms" "x java"
for row in "java -version:$java_ms" "ripcord --version:$version_ms" "ripcord check quickstart:$check_ms" "ripcord plan quickstart:$plan_ms"; do
  name=${row%%:*}; ms=${row##*:}
  printf '%-44s %8d %10s\n' "$name" "$ms" "$(awk -v a="$ms" -v b="$java_ms" 'BEGIN {printf "%.1f", a / b}')"
done
awk -v p="$plan_ms" 'BEGIN { if (p <= 400) print "plan target 0.4 s: met"; else printf "plan target 0.4 s: not yet (%.2f s)\n", p / 1000 }'
