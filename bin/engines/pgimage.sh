# shellcheck shell=bash
# A PostgreSQL container image for the `postgres(container:)` specs, built here with no registry: the host's Debian
# PostgreSQL server (/usr/lib/postgresql/NN, /usr/share/postgresql/NN), the shared libraries ldd finds for it, a
# busybox /bin/sh and a postgres user (uid 999, as in the official image), imported with `docker import`.
# The container initdb's on first start and listens on its local socket only (/var/run/postgresql, no TCP), local
# connections trusted as in the official image, so Ripcord reaches it only through `docker exec`.
# Sourced by bin/test (after docker.sh): it must not exit. Idempotent: the image is tagged by a hash of this script
# and the server's package version, and only built when that tag is missing. Exports RIPCORD_TEST_PG_IMAGE.

ripcord_pgimage_up() {
    command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 ||
        { echo "engines/pgimage: no Docker Engine; the PostgreSQL container specs are skipped (or fail under CI=true)" >&2; return 1; }
    local home
    home=$(ls -d /usr/lib/postgresql/* 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$home" ] || [ ! -x "$home/bin/initdb" ]; then
        # postgres.sh installs the server packages; it sorts after this script, so ask it now
        # shellcheck source=/dev/null
        source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
        home=$(ls -d /usr/lib/postgresql/* 2>/dev/null | sort -V | tail -n 1)
    fi
    [ -n "$home" ] && [ -x "$home/bin/initdb" ] || { echo "engines/pgimage: no PostgreSQL server binaries" >&2; return 1; }
    command -v busybox >/dev/null 2>&1 || { echo "engines/pgimage: busybox is needed (Debian: busybox-static)" >&2; return 1; }
    local major version hash image
    major=$(basename "$home")
    version=$("$home/bin/postgres" --version)
    hash=$( { cat "${BASH_SOURCE[0]}"; echo "$version"; dpkg-query -W "postgresql-$major" 2>/dev/null; } | sha256sum | cut -c1-12)
    image="ripcord-test/postgres:$major-$hash"
    export RIPCORD_TEST_PG_IMAGE=$image
    docker image inspect "$image" >/dev/null 2>&1 && return 0

    echo "engines/pgimage: building $image from the host's $version" >&2
    local root
    root=$(mktemp -d /tmp/ripcord-pgimage.XXXXXX) || return 1
    mkdir -p "$root"/{bin,etc,tmp,usr/lib/postgresql,usr/share/postgresql,usr/share,var/run/postgresql,var/lib/postgresql/data}
    cp -a "$home" "$root/usr/lib/postgresql/" && rm -rf "$root/usr/lib/postgresql/$major/lib/bitcode"
    cp -a "/usr/share/postgresql/$major" "$root/usr/share/postgresql/"
    [ -d /usr/share/zoneinfo ] && cp -a /usr/share/zoneinfo "$root/usr/share/"
    # every shared library the server, its tools and its extension modules load, at the path ldd resolves
    local lib
    for lib in $(find "$home/bin" "$home/lib" -type f \( -perm -u+x -o -name '*.so' \) -exec ldd {} \; 2>/dev/null |
        awk '/=>/ {print $3} /^[[:space:]]*\/lib/ {print $1}' | sort -u); do
        [ -e "$lib" ] || continue
        mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib"
    done
    cp /usr/bin/busybox "$root/bin/busybox"
    for tool in sh cat ls sleep; do ln -s busybox "$root/bin/$tool"; done
    printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\npostgres:x:999:\n' >"$root/etc/group"
    cat >"$root/bin/ripcord-postgres-entrypoint" <<EOF
#!/bin/sh
set -e
export PATH=/usr/lib/postgresql/$major/bin:/bin
if [ ! -s "\$PGDATA/PG_VERSION" ]; then
    initdb -D "\$PGDATA" -U postgres --auth-local=trust --auth-host=reject -E UTF8 --locale=C >/tmp/initdb.log 2>&1 ||
        { cat /tmp/initdb.log >&2; exit 1; }
fi
exec postgres -D "\$PGDATA" -c listen_addresses= -c unix_socket_directories=/var/run/postgresql -c fsync=off
EOF
    chmod 755 "$root/bin/ripcord-postgres-entrypoint"
    chown -R 999:999 "$root/var/run/postgresql" "$root/var/lib/postgresql"
    chmod 1777 "$root/tmp"
    chmod 700 "$root/var/lib/postgresql/data"
    tar --numeric-owner -C "$root" -cf "$root.tar" . &&
        docker import \
            --change 'USER postgres' \
            --change "ENV PATH=/usr/lib/postgresql/$major/bin:/bin PGDATA=/var/lib/postgresql/data" \
            --change 'CMD ["/bin/ripcord-postgres-entrypoint"]' \
            "$root.tar" "$image" >/dev/null
    local rc=$?
    rm -rf "$root" "$root.tar"
    [ $rc = 0 ] || { echo "engines/pgimage: docker import failed" >&2; unset RIPCORD_TEST_PG_IMAGE; return 1; }
    echo "engines/pgimage: $image built" >&2
}

ripcord_pgimage_up || { unset RIPCORD_TEST_PG_IMAGE; echo "engines/pgimage: no PostgreSQL test image; its specs are skipped (or fail under CI=true)" >&2; }
unset -f ripcord_pgimage_up
