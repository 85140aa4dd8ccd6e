#!/usr/bin/env bash
# Offsite copies against the independent clients on the same data, in one run: upload (copy) and read back (verify
# from the repository: streamed, hashed, checked) of one artifact, to the S3Proxy bin/engines/s3proxy.sh brings up
# (vs awscli) and to the sshd bin/engines/sshd.sh brings up (vs OpenSSH's scp and sftp in batch mode).
# Usage: bench/offsite.sh [MB (default 1024)]; RUNS=N rounds (default 3), Ripcord and the tool alternating which goes
# first; each row prints the best and the median of both and their ratios. Caches warm. Ripcord's copy hashes the local
# artifact as it reads it for the upload (the catalog check) and sends an MD5 per part (S3): both are in its time; its
# read back hashes every byte, as the tool's download + sha256sum does.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
mb="${1:-1024}"
runs="${RUNS:-3}"
# shellcheck source=/dev/null
source bin/engines/s3proxy.sh
# shellcheck source=/dev/null
source bin/engines/sshd.sh
export AWS_ACCESS_KEY_ID=$RIPCORD_TEST_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$RIPCORD_TEST_S3_SECRET_KEY \
    AWS_ENDPOINT_URL=$RIPCORD_TEST_S3_ENDPOINT AWS_REGION=$RIPCORD_TEST_S3_REGION AWS_DEFAULT_REGION=$RIPCORD_TEST_S3_REGION
bin/ripcord --version >/dev/null
work="$(pwd)/target/bench-offsite"; data="$work/big-$mb.bin"; out="$work/out"
export RIPCORD_HOME="$work/home"
mkdir -p "$work"
[ -f "$data" ] || head -c "$((mb * 1024 * 1024))" /dev/urandom >"$data"
stamp=$(date +%s)
bucket="bench-$stamp"
aws --endpoint-url "$AWS_ENDPOINT_URL" s3 mb "s3://$bucket" >/dev/null
# the SFTP repository: a directory of the test user's on the server, and a home with its key and known_hosts
remote="$RIPCORD_TEST_SFTP_ROOT/bench-$stamp"
mkdir -p "$remote/rip" "$remote/tool"
[ "$(id -u)" != 0 ] || chown -R "$RIPCORD_TEST_SFTP_USER": "$remote"
sshhome="$work/ssh-home"
mkdir -p "$sshhome/.ssh"
cp "$RIPCORD_TEST_SFTP_KEY" "$sshhome/.ssh/id_ed25519"; chmod 600 "$sshhome/.ssh/id_ed25519"
cp "$RIPCORD_TEST_SFTP_KNOWN_HOSTS" "$sshhome/.ssh/known_hosts"
sftp_repo="sftp://$RIPCORD_TEST_SFTP_USER@$RIPCORD_TEST_SFTP_HOST:$RIPCORD_TEST_SFTP_PORT$remote/rip"
ssh_opts=(-i "$RIPCORD_TEST_SFTP_KEY" -o "UserKnownHostsFile=$RIPCORD_TEST_SFTP_KNOWN_HOSTS" -o StrictHostKeyChecking=yes
    -o BatchMode=yes)
at="$RIPCORD_TEST_SFTP_USER@$RIPCORD_TEST_SFTP_HOST"

secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s%N); awk -v n=$((t1 - t0)) 'BEGIN {printf "%.2f", n / 1e9}'; }
best() { printf '%s\n' "$@" | sort -n | head -1; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {printf "%.2f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# compare LABEL TARGET PREP RIP TOOL: RUNS rounds of PREP (untimed), then RIP and TOOL timed, alternating which goes first
compare() {
    local label=$1 target=$2 prep=$3 rip=$4 tool=$5 i r t rips=() tools=()
    for ((i = 1; i <= runs; i++)); do
        $prep
        if ((i % 2)); then t=$(secs $tool); r=$(secs $rip); else r=$(secs $rip); t=$(secs $tool); fi
        rips+=("$r"); tools+=("$t")
    done
    local rb rm tb tm
    rb=$(best "${rips[@]}"); rm=$(median "${rips[@]}"); tb=$(best "${tools[@]}"); tm=$(median "${tools[@]}")
    printf '%-46s %6s %6s %6s %6s %6s %6s  %s\n' "$label" "$rb" "$rm" "$tb" "$tm" "$(ratio "$rb" "$tb")" "$(ratio "$rm" "$tm")" "$target"
}
rb() { bin/ripcord run --no-plan bench/offsite.groovy -p file="$data" -p to="$out" -p repo="$1" -p mode="$2"; }

rip_s3_copy() { rb "s3://$bucket/rip" copy; }
rip_s3_verify() { rb "s3://$bucket/rip" verify; }
s3_clear() { aws --endpoint-url "$AWS_ENDPOINT_URL" s3 rm --recursive "s3://$bucket/rip" >/dev/null; }
aws_up() { aws --endpoint-url "$AWS_ENDPOINT_URL" s3 cp "$data" "s3://$bucket/aws/big.bin"; }
aws_down() { aws --endpoint-url "$AWS_ENDPOINT_URL" s3 cp "s3://$bucket/aws/big.bin" "$work/down.bin" && sha256sum "$work/down.bin"; }
rip_sftp_copy() { HOME="$sshhome" rb "$sftp_repo" copy; }
rip_sftp_verify() { HOME="$sshhome" rb "$sftp_repo" verify; }
sftp_clear() { find "$remote/rip" -mindepth 1 -delete; }
scp_up() { scp -q "${ssh_opts[@]}" -P "$RIPCORD_TEST_SFTP_PORT" "$data" "$at:$remote/tool/big.bin"; }
scp_down() { scp -q "${ssh_opts[@]}" -P "$RIPCORD_TEST_SFTP_PORT" "$at:$remote/tool/big.bin" "$work/down.bin" && sha256sum "$work/down.bin"; }
sftp_up() { echo "put $data $remote/tool/big.bin" | sftp -q -b - "${ssh_opts[@]}" -P "$RIPCORD_TEST_SFTP_PORT" "$at"; }
sftp_down() { echo "get $remote/tool/big.bin $work/down.bin" | sftp -q -b - "${ssh_opts[@]}" -P "$RIPCORD_TEST_SFTP_PORT" "$at" && sha256sum "$work/down.bin"; }
none() { :; }

rm -rf "$out" "$RIPCORD_HOME"
rb "s3://$bucket/rip" backup >/dev/null
echo "load before: $(uptime | sed 's/.*load average/load average/'); $(nproc) cores; $(java -version 2>&1 | head -1); runs: $runs"
printf '%-46s %13s %13s %13s  %s\n' "what ($mb MiB artifact)" "ripcord b/med" "tool b/med" "ratio b/med" "target"
compare "S3 upload (copy vs aws s3 cp)" "<= 1.1" s3_clear rip_s3_copy aws_up
rip_s3_copy >/dev/null # the copy the read backs read
compare "S3 read back (verify vs aws s3 cp + sha256sum)" "<= 1.2" none rip_s3_verify aws_down
compare "SFTP upload (copy vs scp)" "<= 1.1" sftp_clear rip_sftp_copy scp_up
compare "SFTP upload (copy vs sftp -b put)" "<= 1.1" sftp_clear rip_sftp_copy sftp_up
rip_sftp_copy >/dev/null
compare "SFTP read back (verify vs scp + sha256sum)" "<= 1.2" none rip_sftp_verify scp_down
compare "SFTP read back (verify vs sftp get + sha256sum)" "<= 1.2" none rip_sftp_verify sftp_down
echo "load after: $(uptime | sed 's/.*load average/load average/')"
# constant memory: the same copies and read backs with a 64 MB heap
export RIPCORD_JAVA_OPTS=-Xmx64m
heap() { if "$@" >/dev/null 2>&1; then echo "$1 with -Xmx64m: ok (heap does not grow with the artifact)"; else echo "$1 with -Xmx64m: FAILED"; fi; }
s3_clear; heap rip_s3_copy; heap rip_s3_verify
sftp_clear; heap rip_sftp_copy; heap rip_sftp_verify
rm -f "$work/down.bin"; rm -rf "$out" "$remote"
aws --endpoint-url "$AWS_ENDPOINT_URL" s3 rb --force "s3://$bucket" >/dev/null
