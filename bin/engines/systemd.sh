# shellcheck shell=bash
# systemd's tools, for ScheduleSpec: `systemd-analyze verify` checks the units `ripcord schedule` writes, and the
# units run their job through systemd-inhibit. Sourced by bin/test: installs Debian's systemd package when they are
# missing (nothing is started: verify reads unit files offline), exports RIPCORD_SYSTEMD_ANALYZE. Never exits.
if ! command -v systemd-analyze >/dev/null 2>&1 || ! command -v systemd-inhibit >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "engines: installing systemd's tools (apt-get)" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd; } >/dev/null 2>&1 \
            || echo "engines: could not install systemd; ScheduleSpec will fail in CI, be skipped elsewhere" >&2
    else
        echo "engines: systemd-analyze is missing (install it: apt-get install systemd); ScheduleSpec is skipped outside CI" >&2
    fi
fi
if command -v systemd-analyze >/dev/null 2>&1; then
    RIPCORD_SYSTEMD_ANALYZE="$(command -v systemd-analyze)"
    export RIPCORD_SYSTEMD_ANALYZE
fi
