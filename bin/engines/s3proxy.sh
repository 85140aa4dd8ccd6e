# shellcheck shell=bash
# An S3-compatible store for the offsite specs: S3Proxy (org.gaul:s3proxy, the jar-with-dependencies from Maven
# Central, kept in a cache) on 127.0.0.1 only, filesystem backend, authorization ON (aws-v2-or-v4), so a wrong secret
# gets 403 as on a real store. Also the independent client the specs use as oracle: awscli (Debian's, via apt when
# missing). Sourced by bin/test: it must not exit; a failure only warns (specs then skip, or fail under CI=true).
# Idempotent: when S3Proxy already answers on its port, it only exports where specs find it.

ripcord_s3proxy_up() {
    local version=4.0.0 host=127.0.0.1 port=${RIPCORD_TEST_S3_PORT:-54330}
    local base=${RIPCORD_TEST_S3_DATA:-/tmp/ripcord-test-s3}
    local cache=${RIPCORD_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ripcord/engines}
    local jar="$cache/s3proxy-$version-jar-with-dependencies.jar"
    local identity=ripcord-test-key credential=ripcord-test-secret-s3

    if ! command -v aws >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "engines/s3proxy: installing awscli (apt-get install awscli), the specs' independent S3 client" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q awscli >/dev/null 2>&1 \
                || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q awscli >/dev/null 2>&1; } \
                || echo "engines/s3proxy: apt-get install awscli failed; the S3 oracle checks will fail" >&2
        else
            echo "engines/s3proxy: no aws command; install awscli (as root: apt-get install awscli)" >&2
        fi
    fi

    if [ ! -s "$jar" ]; then
        mkdir -p "$cache" || return 1
        local url="https://repo1.maven.org/maven2/org/gaul/s3proxy/$version/s3proxy-$version-jar-with-dependencies.jar"
        echo "engines/s3proxy: downloading S3Proxy $version (~98 MB, once) into $cache" >&2
        # the download lands under a temporary name, so an interrupted one is never taken for the jar
        curl -fsSL --retry 3 -o "$jar.part" "$url" && mv "$jar.part" "$jar" \
            || { rm -f "$jar.part"; echo "engines/s3proxy: download of $url failed" >&2; return 1; }
    fi

    export RIPCORD_TEST_S3_ENDPOINT="http://$host:$port" RIPCORD_TEST_S3_ACCESS_KEY=$identity \
        RIPCORD_TEST_S3_SECRET_KEY=$credential RIPCORD_TEST_S3_REGION=us-east-1 RIPCORD_TEST_S3_DATA=$base
    if curl -s -o /dev/null --max-time 2 "$RIPCORD_TEST_S3_ENDPOINT/"; then
        return 0
    fi
    mkdir -p "$base/data" || return 1
    cat >"$base/s3proxy.conf" <<EOF
s3proxy.endpoint=http://$host:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$identity
s3proxy.credential=$credential
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$base/data
EOF
    (setsid java -Xmx256m -jar "$jar" --properties "$base/s3proxy.conf" >"$base/s3proxy.log" 2>&1 &)
    local _
    for _ in $(seq 1 100); do
        curl -s -o /dev/null --max-time 1 "$RIPCORD_TEST_S3_ENDPOINT/" && break
        sleep 0.2
    done
    curl -s -o /dev/null --max-time 2 "$RIPCORD_TEST_S3_ENDPOINT/" \
        || { echo "engines/s3proxy: S3Proxy did not start, see $base/s3proxy.log" >&2; return 1; }
    echo "engines/s3proxy: S3Proxy $version on $host:$port ($base/data)" >&2
}

ripcord_s3proxy_up || echo "engines/s3proxy: S3Proxy is not available; its specs are skipped (or fail under CI=true)" >&2
unset -f ripcord_s3proxy_up
