#!/usr/bin/env bash
# REPL start-up benchmark: median time from launching `bin/ripcord repl` on a terminal (a pseudo-terminal, as an
# operator's) until its first prompt is on the screen, next to `java -version` measured in the same run; also the
# piped path (`echo :quit | bin/ripcord repl`, no JLine). Usage: bench/repl.sh [RUNS] (default 11). Target: <= 0.6 s.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
runs="${1:-11}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bin/ripcord --version >/dev/null   # builds the jar and the CDS archive if needed; never timed
work="$(pwd)/target/bench-repl"; rm -rf "$work"; mkdir -p "$work"
export RIPCORD_HOME="$work/home"
bin/ripcord repl </dev/null >/dev/null 2>&1   # the journal exists, as it does on any machine that ran ripcord once

# One launch on a pseudo-terminal: milliseconds until "ripcord> " is printed, then :quit.
first_prompt() {
  python3 - "$@" <<'PY'
import fcntl, os, pty, select, struct, sys, termios, time
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.environ.setdefault("TERM", "xterm-256color")
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))  # a terminal of 200x50, as a person's
seen, shown = b"", None
while True:
    ready, _, _ = select.select([fd], [], [], 20)
    if not ready:
        sys.exit("no prompt within 20 s")
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if shown is None and b"ripcord> " in seen:
        shown = time.monotonic()
        os.write(fd, b":quit\r")
os.waitpid(pid, 0)
if shown is None:
    sys.exit("the REPL never prompted:\n" + seen.decode(errors="replace"))
print(int((shown - start) * 1000))
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2))}'; }
timed() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

first_prompt bin/ripcord repl >/dev/null   # one untimed launch
java_ms=$(for _ in $(seq "$runs"); do timed "$java" -version; done | median)
prompt_ms=$(for _ in $(seq "$runs"); do first_prompt bin/ripcord repl; done | median)
piped_ms=$(for _ in $(seq "$runs"); do timed sh -c 'echo :quit | bin/ripcord repl'; done | median)

printf '%-56s %8s %8s\n' "($runs runs, median)" "ms" "x java"
row() { printf '%-56s %8d %8s\n' "$1" "$2" "$(awk -v a="$2" -v b="$java_ms" 'BEGIN {printf "%.1f", a / b}')"; }
row "java -version" "$java_ms"
row "ripcord repl on a terminal: time to first prompt" "$prompt_ms"
row "echo :quit | ripcord repl (piped, no JLine): whole run" "$piped_ms"
awk -v p="$prompt_ms" 'BEGIN { printf "first prompt: %.2f s (target <= 0.60: %s)\n", p / 1000, (p <= 600 ? "met" : "not met") }'
rm -rf "$work"
