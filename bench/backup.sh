#!/usr/bin/env bash
# Backup, verify and restore throughput against the GNU tools, measured in the same run on the same data.
# Usage: bench/backup.sh [TREE_MB (default 1024)] [SQLITE_MB (default 480)] [ROWS: all (default) | restore | zstd]
# Data is generated once under target/bench (deterministic) and reused; each timing is one run, caches warm.
# SAFETY=plain|compressed|auto (default) is the restores' safety: form. ROWS=restore times only the two restore-with-safety-copy rows (and the backups they restore); ROWS=zstd only the three zstd rows.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
tree_mb="${1:-1024}"; sqlite_mb="${2:-480}"; rows="${3:-all}"; safety="${SAFETY:-auto}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bin/ripcord --version >/dev/null
work="$(pwd)/target/bench"; data="$work/tree-$tree_mb"; db="$work/app-$sqlite_mb.db"; out="$work/out"
export RIPCORD_HOME="$work/home"
mkdir -p "$work"
[ -d "$data" ] || "$java" -cp cli/target/ripcord.jar groovy.ui.GroovyMain bench/data.groovy "$data" "$tree_mb"
if [ ! -f "$db" ]; then
  n=$(( sqlite_mb * 1024 * 1024 / 1100 ))
  sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT, blob BLOB);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n)
    INSERT INTO t (note, blob) SELECT 'row ' || i, randomblob(1000) FROM n;" >/dev/null
fi
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s%N); awk -v n=$((t1 - t0)) 'BEGIN {printf "%.2f", n / 1e9}'; }
row() { printf '%-62s %9s %9s %8s  %s\n' "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN {printf "%.2f", a / b}')" "$4"; }
fresh() { rm -rf "$out" && mkdir -p "$out"; }

restore_rows() {
  # SQLite restore, whole command: verify + safety copy of the live database + replace, against the same in shell
  fresh; bin/ripcord run --no-plan bench/backup-sqlite.groovy -p db="$db" -p to="$out" -p compress=gzip >/dev/null
  local art; art=$(ls "$out"/*.sqlite.gz)
  sha=$(grep -o '"sha256": *"[0-9a-f]\{64\}"' "$art.manifest.json" | head -n 1 | grep -o '[0-9a-f]\{64\}')
  echo "$sha  $art" > "$out/art.sha256"
  cp "$db" "$out/live.db"; rm -f "$out/safety.db"
  gnu_sr=$(secs sh -c "sha256sum -c --quiet '$out/art.sha256' && gzip -dc '$art' > '$out/live.db.tmp' \
    && sqlite3 '$out/live.db' \".backup '$out/safety.db'\" && mv '$out/live.db.tmp' '$out/live.db'")
  rm -f "$out/safety.db"; cp "$db" "$out/live.db"
  rip_sr=$(secs bin/ripcord run --no-plan bench/backup-sqlite.groovy -p db="$db" -p to="$out" -p mode=restore -p live="$out/live.db" -p safety="$safety")
  row "sqlite restore + safety (vs sha256sum -c, gzip -dc, .backup, mv)" "$rip_sr" "$gnu_sr" "<= 1.2"
  # directory restore over an existing tree: its safety copy first, against tar -czf SAFETY + tar -xzf
  fresh; bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" >/dev/null
  art=$(ls "$out"/*.tar.gz)
  mkdir -p "$out/gnu-live" "$out/gnu-new"; tar -xzf "$art" -C "$out/gnu-live"
  gnu_dr=$(secs sh -c "tar -czf '$out/gnu-safety.tgz' -C '$out/gnu-live' . && tar -xzf '$art' -C '$out/gnu-new'")
  rm -rf "$out/gnu-live" "$out/gnu-new" "$out/gnu-safety.tgz"
  bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" -p mode=restore >/dev/null  # the tree to replace
  rip_dr=$(secs bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" -p mode=restore -p safety="$safety")
  row "dir restore + safety (vs tar -czf SAFETY + tar -xzf)" "$rip_dr" "$gnu_dr" "<= 0.6"
}

zstd_rows() {
  # zstd: backup, verify and restore of the same tree against tar | zstd -T0 -3, sha256sum + zstd -t, zstd -dc | tar -x
  fresh; gnu_z=$(secs sh -c "tar -cf - -C '$data' . | zstd -q -T0 -3 -o '$out/gnu.tar.zst'")
  fresh; rip_z=$(secs bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" -p compress=zstd)
  row "dir backup, zstd (vs tar -cf - | zstd -T0 -3)" "$rip_z" "$gnu_z" "<= 1.0"
  local art; art=$(ls "$out"/*.tar.zst)
  gnu_zv=$(secs sh -c "sha256sum '$art' >/dev/null && zstd -q -t '$art'")
  rip_zv=$(secs bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" -p mode=verify)
  row "verify, zstd (vs sha256sum + zstd -t)" "$rip_zv" "$gnu_zv" "<= 1.0"
  mkdir -p "$out/gnu-restore"
  gnu_zr=$(secs sh -c "zstd -q -dc '$art' | tar -xf - -C '$out/gnu-restore'")
  rip_zr=$(secs bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" -p mode=restore)
  row "restore, zstd (vs zstd -dc | tar -x)" "$rip_zr" "$gnu_zr" "<= 1.0"
}

printf '%-62s %9s %9s %8s  %s\n' "what ($(du -sh "$data" | cut -f1) tree, $(du -sh "$db" | cut -f1) db; load $(cut -d' ' -f1-3 /proc/loadavg))" "ripcord s" "GNU s" "ratio" "target"
if [ "$rows" = restore ]; then restore_rows; rm -rf "$out"; exit 0; fi
if [ "$rows" = zstd ]; then zstd_rows; rm -rf "$out"; exit 0; fi
fresh; gnu=$(secs tar -czf "$out/gnu.tgz" -C "$data" .)
fresh; rip=$(secs bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out")
row "dir backup, gzip (vs tar -czf)" "$rip" "$gnu" "<= 0.55"
art=$(ls "$out"/*.tar.gz)
gnu_v=$(secs sh -c "sha256sum '$art' >/dev/null && gzip -t '$art'")
rip_v=$(secs bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" -p mode=verify)
row "verify, gzip (vs sha256sum + gzip -t)" "$rip_v" "$gnu_v" "<= 0.7"
mkdir -p "$out/gnu-restore"
gnu_r=$(secs tar -xzf "$art" -C "$out/gnu-restore")
rip_r=$(secs bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" -p mode=restore)
row "restore, gzip (vs tar -xzf)" "$rip_r" "$gnu_r" "<= 1.0"
zstd_rows
fresh; gnu_s=$(secs sqlite3 "$db" ".backup '$out/gnu.db'")
fresh; rip_s=$(secs bin/ripcord run --no-plan bench/backup-sqlite.groovy -p db="$db" -p to="$out")
row "sqlite backup, whole command (vs .backup)" "$rip_s" "$gnu_s" "<= 1.5"
fresh; rip_sg=$(secs bin/ripcord run --no-plan bench/backup-sqlite.groovy -p db="$db" -p to="$out" -p compress=gzip)
row "sqlite backup + gzip (vs .backup alone)" "$rip_sg" "$gnu_s" "(report)"
restore_rows
# constant memory: the same tree backup with a 64 MB heap
fresh; RIPCORD_JAVA_OPTS=-Xmx64m bin/ripcord run --no-plan bench/backup-tree.groovy -p src="$data" -p to="$out" >/dev/null \
  && echo "dir backup with -Xmx64m: ok (heap does not grow with the data)" || echo "dir backup with -Xmx64m: FAILED"
rm -rf "$out"
