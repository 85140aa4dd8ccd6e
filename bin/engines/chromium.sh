# shellcheck shell=bash
# Debian's headless Chromium, for ShowHtmlSpec: it renders the page `show --format html` writes (a screenshot and
# the DOM), as a reader's browser would. Sourced by bin/test: installs the chromium package when it is missing (as
# root, with apt-get); never exits. Exports RIPCORD_TEST_CHROMIUM (the binary's path).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "engines: installing chromium (apt-get)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null 2>&1 \
                 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; } \
            || echo "engines: could not install chromium; ShowHtmlSpec will fail in CI, be skipped elsewhere" >&2
    else
        echo "engines: chromium is missing (install it: apt-get install chromium); ShowHtmlSpec is skipped outside CI" >&2
    fi
fi
if command -v chromium >/dev/null 2>&1; then
    RIPCORD_TEST_CHROMIUM="$(command -v chromium)"
    export RIPCORD_TEST_CHROMIUM
fi
