# shellcheck shell=bash
# man-db and groff, for the specs that render Ripcord's man pages as `man -l` shows them to a user.
# Sourced by bin/test: installs them from Debian when they are missing. Never exits.
if ! command -v man >/dev/null 2>&1 || ! command -v groff >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "engines: installing man-db and groff-base (apt-get)" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq man-db groff-base; } >/dev/null 2>&1 \
            || echo "engines: could not install man-db; the man page specs will fail in CI, be skipped elsewhere" >&2
    else
        echo "engines: man or groff is missing (install them: apt-get install man-db groff-base); the man page specs are skipped outside CI" >&2
    fi
fi
