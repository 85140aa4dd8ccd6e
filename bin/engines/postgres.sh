# shellcheck shell=bash
# PostgreSQL for the integration specs: a PRIVATE cluster (not Debian's "main"), on 127.0.0.1:54329 only, with a
# superuser that needs a password, so specs exercise the secret path. Sourced by bin/test: it must not exit, and it
# runs in a function called with `||`, so a failure here only warns (specs then skip, or fail under CI=true).
# Idempotent: when the cluster already answers, it only exports where specs find it.

ripcord_pg_up() {
    local port=54329 host=127.0.0.1 data=${RIPCORD_TEST_PG_DATA:-/tmp/ripcord-test-pg} password=ripcord-test-secret
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "engines/postgres: installing PostgreSQL (apt-get install postgresql)" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 \
                || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1; } \
                || { echo "engines/postgres: apt-get install postgresql failed" >&2; return 1; }
            bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        else
            echo "engines/postgres: no PostgreSQL server binaries; install the postgresql package (as root)" >&2
            return 1
        fi
    fi
    export RIPCORD_TEST_PG_HOST=$host RIPCORD_TEST_PG_PORT=$port RIPCORD_TEST_PG_USER=postgres \
        RIPCORD_TEST_PG_PASSWORD=$password RIPCORD_TEST_PG_BIN=$bin
    export RIPCORD_TEST_PG_URL="postgresql://postgres@$host:$port/postgres"
    if "$bin/pg_isready" -q -h "$host" -p "$port"; then
        return 0
    fi
    # postgres refuses to run as root: as root the cluster belongs to the postgres user
    local as=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres || return 1
        as=(runuser -u postgres --)
    fi
    if [ ! -s "$data/PG_VERSION" ]; then
        rm -rf "$data" && mkdir -p "$data" || return 1
        [ "$(id -u)" = 0 ] && chown postgres: "$data"
        chmod 700 "$data"
        local pwfile="$data.pw"
        (umask 077 && printf '%s\n' "$password" >"$pwfile") || return 1
        [ "$(id -u)" != 0 ] || chown postgres: "$pwfile"
        "${as[@]}" "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=peer --auth-host=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1
        local rc=$?
        rm -f "$pwfile"
        [ $rc = 0 ] || { echo "engines/postgres: initdb failed, see $data.initdb.log" >&2; return 1; }
    fi
    "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=$host -c unix_socket_directories=$data -c max_connections=60 -c fsync=off" start >/dev/null \
        || { echo "engines/postgres: the server did not start, see $data/server.log" >&2; return 1; }
    echo "engines/postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $host:$port ($data)" >&2
}

ripcord_pg_up || echo "engines/postgres: PostgreSQL is not available; its specs are skipped (or fail under CI=true)" >&2
unset -f ripcord_pg_up
