#!/usr/bin/env bash
# postgres(container:) backup against `docker exec CONTAINER pg_dump -Fc > file`, measured in the same run on the same
# database, and the same backup with a 64 MB heap (the dump streams through, it is never held in memory).
# Usage: bench/pg-container.sh [ROWS (default 2000000, about 330 MB on disk)] [RUNS (default 3)]
# Needs the test image (bin/engines/pgimage.sh builds it from the host's Debian PostgreSQL); the container and its
# database are created once and reused. The two commands alternate RUNS times and the best of each is compared, so a
# busy neighbour on a shared machine does not decide the ratio; caches warm.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
rows="${1:-2000000}"; runs="${2:-3}"
# shellcheck source=/dev/null
source bin/engines/docker.sh; source bin/engines/pgimage.sh
[ -n "${RIPCORD_TEST_PG_IMAGE:-}" ] || { echo "no PostgreSQL test image (bin/engines/pgimage.sh)" >&2; exit 1; }
bin/ripcord --version >/dev/null
work="$(pwd)/target/bench"; out="$work/pg-out"; container="ripcord-bench-pg"; db="bench_$rows"
export RIPCORD_HOME="$work/home"
mkdir -p "$work"
psql() { docker exec -u postgres "$container" psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }
if [ "$(docker inspect -f '{{.Config.Image}}' "$container" 2>/dev/null)" != "$RIPCORD_TEST_PG_IMAGE" ]; then
  docker rm -f "$container" >/dev/null 2>&1 || true
  docker run -d --name "$container" "$RIPCORD_TEST_PG_IMAGE" >/dev/null
fi
docker start "$container" >/dev/null
for _ in $(seq 1 100); do psql -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
if [ "$(psql -c "SELECT count(*) FROM pg_database WHERE datname = '$db'")" != 1 ]; then
  psql -c "CREATE DATABASE $db"
  # md5 text does not compress away: the dump stays a sizeable fraction of the table
  psql -d "$db" -c "CREATE TABLE t (id bigint PRIMARY KEY, note text, payload text);
    INSERT INTO t SELECT i, 'row ' || i, md5(i::text) || md5((i * 7)::text) || md5((i * 13)::text) FROM generate_series(1, $rows) i;"
fi
size=$(psql -c "SELECT pg_size_pretty(pg_database_size('$db'))")
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s%N); awk -v n=$((t1 - t0)) 'BEGIN {printf "%.2f", n / 1e9}'; }
fresh() { rm -rf "$out" && mkdir -p "$out"; }

best() { awk -v a="$1" -v b="$2" 'BEGIN {print (a == "" || b < a) ? b : a}'; }
docker_s=""; rip_s=""
for _ in $(seq 1 "$runs"); do
  fresh; docker_s=$(best "$docker_s" "$(secs sh -c "docker exec -u postgres '$container' pg_dump -Fc -d '$db' > '$out/by-hand.dump'")")
  by_hand=$(stat -c %s "$out/by-hand.dump")
  fresh; rip_s=$(best "$rip_s" "$(secs bin/ripcord run --no-plan bench/backup-pg-container.groovy -p container="$container" -p database="$db" -p to="$out")")
  rip_size=$(stat -c %s "$(ls "$out"/*.dump)")
done
printf '%-52s %9s %9s %8s  %s\n' "what ($size database, $rows rows, best of $runs)" "ripcord s" "docker s" "ratio" "target"
printf '%-52s %9s %9s %8s  %s\n' "backup postgres(container:) (vs docker exec pg_dump -Fc)" "$rip_s" "$docker_s" \
  "$(awk -v a="$rip_s" -v b="$docker_s" 'BEGIN {printf "%.2f", a / b}')" "<= 1.1"
echo "dump sizes: ripcord $rip_size bytes, docker exec $by_hand bytes"
fresh; RIPCORD_JAVA_OPTS=-Xmx64m bin/ripcord run --no-plan bench/backup-pg-container.groovy -p container="$container" -p database="$db" -p to="$out" >/dev/null \
  && echo "backup with -Xmx64m: ok (heap does not grow with the dump)" || echo "backup with -Xmx64m: FAILED"
rm -rf "$out"
