#!/usr/bin/env bash
# Builds the demo service: build/ripcord-demo-v1 (healthy), -v2 (its /health fails) and -v3 (healthy again), static
# binaries that run on the host, and the local Docker images ripcord-demo:v1, :v2 and :v3 (the binary alone in
# an image made with `docker import`: no registry, no base image). Needs gcc and libsqlite3-dev (Debian).
# Idempotent and fast when nothing changed; images are skipped when no Docker Engine answers (--no-images: always).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="$here/build"
mkdir -p "$out"

for version in v1 v2 v3; do
    bin="$out/ripcord-demo-$version"
    if [ ! -x "$bin" ] || [ "$here/demo.c" -nt "$bin" ] || [ "$here/build.sh" -nt "$bin" ]; then
        defines=(-DDEMO_VERSION="\"$version\"")
        [ "$version" = v2 ] && defines+=(-DDEMO_BROKEN)
        # libsqlite3.a references dlopen for extensions, which the demo never loads: the linker's warning is noise
        gcc -O2 -Wall -static "${defines[@]}" -o "$bin.tmp" "$here/demo.c" -lsqlite3 -lm 2> >(grep -v -e dlopen -e 'unixDlOpen' >&2)
        mv -f "$bin.tmp" "$bin"
    fi
done

[ "${1:-}" = --no-images ] && exit 0
if ! docker info >/dev/null 2>&1; then
    echo "demo-service: no Docker Engine; built the binaries only" >&2
    exit 0
fi
for version in v1 v2 v3; do
    bin="$out/ripcord-demo-$version"
    stamp="$out/image-$version.id"
    # the image is current when it is the one this build made from this binary
    if [ -f "$stamp" ] && [ "$stamp" -nt "$bin" ] && [ "$(docker image inspect --format '{{.Id}}' "ripcord-demo:$version" 2>/dev/null)" = "$(cat "$stamp")" ]; then
        continue
    fi
    root="$(mktemp -d)"
    cp "$bin" "$root/ripcord-demo"
    mkdir -p "$root/data" "$root/tmp"
    tar -C "$root" -cf "$root.tar" .
    docker import --change 'CMD ["/ripcord-demo"]' --change 'ENV DEMO_DATA=/data DEMO_PORT=8080' \
        --change 'EXPOSE 8080' "$root.tar" "ripcord-demo:$version" >/dev/null
    rm -rf "$root" "$root.tar"
    docker image inspect --format '{{.Id}}' "ripcord-demo:$version" > "$stamp"
done
