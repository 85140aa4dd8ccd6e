# shellcheck shell=bash
# Debian's `age` and `age-keygen` for the encryption specs: the independent implementation of the age format that
# reads what Ripcord encrypts and writes what Ripcord must decrypt. Sourced by bin/test: it must not exit; a failure
# only warns (the specs then skip, or fail under CI=true). Exports RIPCORD_TEST_AGE (the age binary's path).

ripcord_age_up() {
    if ! command -v age >/dev/null 2>&1 || ! command -v age-keygen >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "engines/age: installing age (apt-get install age)" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q age >/dev/null 2>&1 \
                || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q age >/dev/null 2>&1; } \
                || { echo "engines/age: apt-get install age failed" >&2; return 1; }
        else
            echo "engines/age: no age binary; install the age package (as root)" >&2
            return 1
        fi
    fi
    export RIPCORD_TEST_AGE
    RIPCORD_TEST_AGE=$(command -v age)
}

ripcord_age_up || echo "engines/age: age is not available; its specs are skipped (or fail under CI=true)" >&2
unset -f ripcord_age_up
