# shellcheck shell=bash
# OpenSSH's sshd for the SFTP repository specs: a PRIVATE server (not the system's), `sshd -D` on 127.0.0.1:18322
# only, with its own config, host key, test user and key, and `internal-sftp`; no systemd. The host key and the user
# key live under $RIPCORD_TEST_SFTP_DIR, with a known_hosts file naming the host key, so specs never touch ~/.ssh.
# Sourced by bin/test: it must not exit; a failure only warns (specs then skip, or fail under CI=true).
# Idempotent: when the server already answers, it only exports where specs find it.
# As root the test user is `ripcord-sftp` (specs also check permissions as another user); otherwise it is you.

ripcord_sshd_up() {
    local port=18322 host=127.0.0.1 dir=${RIPCORD_TEST_SFTP_DIR:-/tmp/ripcord-test-sshd}
    if [ ! -x /usr/sbin/sshd ] || ! command -v sftp >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "engines/sshd: installing OpenSSH (apt-get install openssh-server openssh-client)" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server openssh-client >/dev/null 2>&1 \
                || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server openssh-client >/dev/null 2>&1; } \
                || { echo "engines/sshd: apt-get install openssh-server failed" >&2; return 1; }
        else
            echo "engines/sshd: no /usr/sbin/sshd; install the openssh-server package (as root)" >&2
            return 1
        fi
    fi
    local user
    if [ "$(id -u)" = 0 ]; then
        user=ripcord-sftp
        id "$user" >/dev/null 2>&1 \
            || useradd --system --create-home --home-dir "/var/lib/$user" --shell /bin/sh "$user" || return 1
        # a system account is locked ('!'): sshd refuses a locked account even for keys, so unlock with no password
        usermod -p '*' "$user" 2>/dev/null
        mkdir -p /run/sshd && chmod 755 /run/sshd # privilege separation directory sshd wants
    else
        user=$(id -un)
    fi
    mkdir -p "$dir" && chmod 755 "$dir" || return 1
    [ -s "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C ripcord-test-host -f "$dir/host_ed25519" || return 1
    [ -s "$dir/user_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C ripcord-test-user -f "$dir/user_ed25519" || return 1
    cp "$dir/user_ed25519.pub" "$dir/authorized_keys" && chmod 644 "$dir/authorized_keys"
    printf '[%s]:%s %s\n' "$host" "$port" "$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" >"$dir/known_hosts"
    local root="$dir/repos"
    mkdir -p "$root" && chmod 755 "$root"
    [ "$(id -u)" != 0 ] || chown "$user": "$root"
    cat >"$dir/sshd_config" <<CONFIG
Port $port
ListenAddress $host
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $user
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
LogLevel INFO
CONFIG
    export RIPCORD_TEST_SFTP_HOST=$host RIPCORD_TEST_SFTP_PORT=$port RIPCORD_TEST_SFTP_USER=$user \
        RIPCORD_TEST_SFTP_KEY=$dir/user_ed25519 RIPCORD_TEST_SFTP_KNOWN_HOSTS=$dir/known_hosts \
        RIPCORD_TEST_SFTP_ROOT=$root RIPCORD_TEST_SFTP_DIR=$dir
    if [ -s "$dir/sshd.pid" ] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null \
        && ssh-keyscan -p "$port" -T 2 "$host" >/dev/null 2>&1; then
        return 0
    fi
    /usr/sbin/sshd -t -f "$dir/sshd_config" 2>"$dir/sshd.log" \
        || { echo "engines/sshd: the config does not check, see $dir/sshd.log" >&2; return 1; }
    (setsid /usr/sbin/sshd -D -e -f "$dir/sshd_config" >>"$dir/sshd.log" 2>&1 &)
    local _
    for _ in $(seq 1 50); do
        ssh-keyscan -p "$port" -T 1 "$host" >/dev/null 2>&1 && break
        sleep 0.1
    done
    ssh-keyscan -p "$port" -T 1 "$host" >/dev/null 2>&1 \
        || { echo "engines/sshd: sshd did not start, see $dir/sshd.log" >&2; return 1; }
    echo "engines/sshd: $(ssh -V 2>&1 | cut -d, -f1) sshd on $host:$port, user $user ($dir)" >&2
}

ripcord_sshd_up || echo "engines/sshd: sshd is not available; the SFTP specs are skipped (or fail under CI=true)" >&2
unset -f ripcord_sshd_up
