#!/usr/bin/env bash
# The quick start in one command: builds the demo service (examples/demo-service) when needed, starts it as the Docker
# container `ripcord-demo` on v1 with a few notes in its SQLite database, then runs deploy-demo.groovy with the broken
# v2: the database is backed up, v2 is deployed, its health gate fails, the rollback puts v1 and the database back and
# verifies them, and the run's report (with RTO and RPO) is printed. Exit 3 means exactly that: rolled back, verified.
# State lives under target/demo; `docker rm -f ripcord-demo` and `rm -rf target/demo` remove it all.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
name="${RIPCORD_DEMO_NAME:-ripcord-demo}"
port="${RIPCORD_DEMO_PORT:-8778}"
state="${RIPCORD_DEMO_STATE:-$root/target/demo}"

# On a fresh machine the Docker Engine and the build tools come up as bin/test brings them: installed from Debian
# and started when run as root. Without them, say what is missing instead of failing half-way.
set +eu
source "$root/bin/engines/docker.sh"
source "$root/bin/engines/demo.sh"
set -eu
if ! docker info >/dev/null 2>&1; then
    echo "demo.sh: no Docker Engine answers; start one (sudo systemctl start docker, or run this as root to install and start it)" >&2
    exit 2
fi
"$root/examples/demo-service/build.sh"
mkdir -p "$state/data"
[ -f "$state/app.env" ] || printf 'APP_NAME=ripcord-demo\n' > "$state/app.env"

# (re)start the container on v1 unless it runs v1 already (after a rollback it does, by image id)
if [ "$(docker inspect --format '{{.State.Running}} {{.Image}}' "$name" 2>/dev/null)" != "true $(docker image inspect --format '{{.Id}}' ripcord-demo:v1)" ]; then
    fresh=$([ -f "$state/data/app.sqlite" ] || echo yes)
    docker rm -f "$name" "$name.ripcord-previous" >/dev/null 2>&1 || true
    docker run -d --name "$name" -p "127.0.0.1:$port:8080" -v "$state/data:/data" -v "$state/app.env:/app.env:ro" \
        -e DEMO_ENV_FILE=/app.env ripcord-demo:v1 >/dev/null
    for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
    [ -z "$fresh" ] || for note in 'first note' 'second note' 'third note'; do curl -fsS -d "$note" "http://127.0.0.1:$port/notes" >/dev/null; done
    echo "demo.sh: $name (ripcord-demo:v1) runs on http://127.0.0.1:$port ($(curl -fsS "http://127.0.0.1:$port/notes" | tr -d '\n') notes)"
fi

set +e
"$root/bin/ripcord" run examples/quickstart/deploy-demo.groovy --no-plan -p "container=$name" -p "health=http://127.0.0.1:$port/health" \
    -p "data=$state/data" -p "backups=$state/backups" 2>&1 | tee "$state/last-run.txt"
code=${PIPESTATUS[0]}
set -e
run="$(sed -n 's/^Run \([0-9a-z-]*\).*/\1/p' "$state/last-run.txt" | head -n 1)"
if [ -n "$run" ]; then
    echo
    "$root/bin/ripcord" show "$run"
fi
exit "$code"
