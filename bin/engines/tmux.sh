# shellcheck shell=bash
# tmux, for the REPL's end-to-end spec (it drives `ripcord repl` on a real terminal: send keys, read the screen).
# Sourced by bin/test: installs tmux from Debian when it is missing, exports RIPCORD_TMUX. Never exits.
if ! command -v tmux >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "engines: installing tmux (apt-get)" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux; } >/dev/null 2>&1 \
            || echo "engines: could not install tmux; the REPL terminal spec will fail in CI, be skipped elsewhere" >&2
    else
        echo "engines: tmux is missing (install it: apt-get install tmux); the REPL terminal spec is skipped outside CI" >&2
    fi
fi
if command -v tmux >/dev/null 2>&1; then
    RIPCORD_TMUX="$(command -v tmux)"
    export RIPCORD_TMUX
fi
