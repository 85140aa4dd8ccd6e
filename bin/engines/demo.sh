# shellcheck shell=bash
# Sourced by bin/test: the demo service (examples/demo-service) that the quick start and the runbook specs deploy,
# back up and roll back. Installs gcc and libsqlite3-dev (Debian, as root) when missing, then builds the static binaries
# and, when a Docker Engine answers, the local images ripcord-demo:v1 and :v2 (build.sh is fast when nothing changed;
# the specs call it again, so images are built even when this ran before the Docker Engine came up).
# Must not exit (it is sourced): a failure only warns, and the demo specs skip (or fail under CI=true).

ripcord_demo_up() {
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    if ! command -v gcc >/dev/null 2>&1 || [ ! -f /usr/include/sqlite3.h ] || ! ls /usr/lib/*/libsqlite3.a >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "engines/demo: installing gcc, libc6-dev and libsqlite3-dev (Debian) to build the demo service" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev libsqlite3-dev >/dev/null 2>&1 \
                || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev libsqlite3-dev >/dev/null 2>&1; } \
                || { echo "engines/demo: apt-get install gcc libsqlite3-dev failed" >&2; return 1; }
        else
            echo "engines/demo: gcc and libsqlite3-dev are needed to build the demo service (install them as root)" >&2
            return 1
        fi
    fi
    "$root/examples/demo-service/build.sh" || { echo "engines/demo: examples/demo-service/build.sh failed" >&2; return 1; }
    export RIPCORD_TEST_DEMO="$root/examples/demo-service/build"
}

ripcord_demo_up || echo "engines/demo: the demo service is not built; its specs are skipped (or fail under CI=true)" >&2
unset -f ripcord_demo_up
