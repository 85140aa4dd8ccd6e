# Sourced by bin/test: a Docker Engine for the container specs, and the local test images they use.
# Nothing comes from a registry: the images are a static busybox imported with `docker import`.
ripcord_docker_up() {
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v busybox >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "bin/test: installing docker.io, docker-compose and busybox-static (Debian) for the Docker specs" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose busybox-static >/dev/null 2>&1 ||
                { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose busybox-static >/dev/null 2>&1; } ||
                echo "bin/test: could not install the Docker packages; Docker specs will be skipped (or fail in CI)" >&2
        fi
    fi
    if ! docker info >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "bin/test: starting dockerd (log: /tmp/ripcord-dockerd.log)" >&2
        (setsid dockerd >/tmp/ripcord-dockerd.log 2>&1 &)
        for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    fi
    if docker info >/dev/null 2>&1; then
        export RIPCORD_TEST_DOCKER=1
    else
        echo "bin/test: no Docker Engine reachable; Docker specs will be skipped (or fail in CI)" >&2
    fi
}
ripcord_docker_up
