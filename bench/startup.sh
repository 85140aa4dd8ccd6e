#!/usr/bin/env bash
# Start-up benchmark: median wall time (and peak RSS) of ripcord plan / check on the quick-start runbook and on
# generated 10- and 50-step runbooks, warm (compiled classes cached) and cold (fresh cache), next to a `java` hello
# world and to a plain evaluation (no class cache, no CDS archive, default JVM flags), all measured in this run.
# Usage: bench/startup.sh [RUNS]   (default 11). Targets: plan of an unchanged 10-step runbook <= 0.4 s,
# >= 4x faster than a plain GroovyShell evaluation of it (bench/plain-groovyshell.groovy), peak RSS <= 150 MB.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
runs="${1:-11}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bin/ripcord --version >/dev/null   # builds the jar and the CDS archive if needed; never timed
work="$(pwd)/target/bench-startup"; rm -rf "$work"; mkdir -p "$work"
export RIPCORD_HOME="$work/home"

gen() { # gen N FILE: a runbook with N steps of three verb calls each
  { echo "runbook 'bench/steps-$1', version: '1.0.0', {"; echo "    param 'target', default: '/tmp'"
    for i in $(seq "$1"); do
      echo "    step 'step $i', {"; echo "        log \"step $i of $1 on \${params.target}\""
      echo "        sh 'true', timeout: 5.seconds"; echo "        wait 1.seconds"; echo "    }"
    done; echo "}"; } > "$2"
}
gen 10 "$work/ten.groovy"; gen 50 "$work/fifty.groovy"
quick=examples/quickstart/hello.groovy

have_time=false; [ -x /usr/bin/time ] && have_time=true
median() { # prints "MEDIAN_MS PEAK_RSS_MB" over $runs runs of the command (after one untimed run)
  local times=() rss=0 kb
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  for _ in $(seq "$runs"); do
    local t0 t1; t0=$(date +%s%N)
    if $have_time; then
      /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1; kb=$(tail -n 1 "$work/rss"); [ "$kb" -gt "$rss" ] && rss=$kb
    else "$@" >/dev/null 2>&1; fi
    t1=$(date +%s%N); times+=($(( (t1 - t0) / 1000000 )))
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2))}') $(( rss / 1024 ))"
}
# commands /usr/bin/time can run (not shell functions): a fresh cache each time; and the plain evaluation
cold=(sh -c 'rm -rf "$RIPCORD_HOME" && exec bin/ripcord "$@"' cold)
plain=(env RIPCORD_CACHE=off "$java" -jar cli/target/ripcord.jar)
groovyshell=("$java" -cp cli/target/ripcord.jar groovy.ui.GroovyMain bench/plain-groovyshell.groovy)

# the floor: a JVM that starts, prints a line and exits
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
if "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -d "$work/hello" "$work/hello/Hello.java" 2>/dev/null; then
  floor=("$java" -Xshare:auto -cp "$work/hello" Hello); floor_name="java hello world"
else # a runtime without javac: the JVM starting and printing its version is the same floor within a few ms
  floor=("$java" -version); floor_name="java -version"
fi
read -r java_ms _ <<< "$(median "${floor[@]}")"
printf '%-50s %8s %8s %8s\n' "command ($runs runs, median)" "ms" "x java" "RSS MB"
row() { printf '%-50s %8d %8s %8s\n' "$1" "$2" "$(awk -v a="$2" -v b="$java_ms" 'BEGIN {printf "%.1f", a / b}')" "$( $have_time && echo "$3" || echo - )"; }
row "$floor_name" "$java_ms" "-"
for f in "$quick:quick start" "$work/ten.groovy:10 steps" "$work/fifty.groovy:50 steps"; do
  file=${f%%:*}; name=${f##*:}
  read -r ms rss <<< "$(median bin/ripcord plan "$file")"; row "ripcord plan, $name, warm" "$ms" "$rss"
  [ "$name" = "10 steps" ] && ten_warm=$ms && ten_rss=$rss
  read -r ms rss <<< "$(median "${cold[@]}" plan "$file")"; row "ripcord plan, $name, cold cache" "$ms" "$rss"
  read -r ms rss <<< "$(median bin/ripcord check "$file")"; row "ripcord check, $name, warm" "$ms" "$rss"
  read -r ms rss <<< "$(median "${plain[@]}" plan "$file")"; row "ripcord plan without cache, CDS or flags, $name" "$ms" "$rss"
  read -r ms rss <<< "$(median "${groovyshell[@]}" "$file")"; row "plain GroovyShell evaluation, $name" "$ms" "$rss"
  [ "$name" = "10 steps" ] && ten_plain=$ms
done
# the release archive, unpacked and run as a user would (empty HOME: its class-data archive is made on first use, in
# median's untimed run), next to the source tree's launcher on the same runbook (issue target: within 10 %)
archive="$(bin/release --no-build --archive-only 2>/dev/null | tail -n 1)"
mkdir -p "$work/installed" "$work/installed-home"
tar -xzf "$archive" -C "$work/installed"
installed=(env HOME="$work/installed-home" "$(echo "$work"/installed/ripcord-*/bin/ripcord)")
read -r src_ms _ <<< "$(median bin/ripcord plan "$quick")"
read -r ms rss <<< "$(median "${installed[@]}" plan "$quick")"; row "installed archive: ripcord plan, quick start, warm" "$ms" "$rss"
awk -v i="$ms" -v s="$src_ms" -v size="$(stat -c %s "$archive")" 'BEGIN {
  printf "installed plan %d ms vs bin/ripcord %d ms (%+.0f%%; target within 10%%: %s); archive %.1f MB (target <= 25: %s)\n",
    i, s, (i - s) * 100 / s, (i <= s * 1.1 ? "met" : "not met"), size / 1e6, (size <= 25e6 ? "met" : "not met") }'
# a journaled run: the launcher keeps C2 for run and resume (large backups), which costs start-up
printf "runbook 'bench/one', version: '1.0.0', {\n    step 'say', {\n        log 'hello'\n    }\n}\n" > "$work/one.groovy"
read -r ms rss <<< "$(median bin/ripcord run --no-plan "$work/one.groovy")"; row "ripcord run, one step, journaled" "$ms" "$rss"
awk -v w="$ten_warm" -v p="$ten_plain" -v r="${ten_rss:-0}" 'BEGIN {
  printf "10-step plan: %.2f s (target <= 0.40: %s), %.1fx faster than plain GroovyShell (target >= 4: %s), RSS %d MB (target <= 150: %s)\n",
    w / 1000, (w <= 400 ? "met" : "not met"), p / w, (p / w >= 4 ? "met" : "not met"), r, (r <= 150 ? "met" : "not met") }'
rm -rf "$work"
