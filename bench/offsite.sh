#!/usr/bin/env bash
# Offsite copies against awscli on the same data, in one run: upload (copy) and read back (verify from the
# repository: streamed, hashed, checked) of one artifact to the S3Proxy that bin/engines/s3proxy.sh brings up.
# Usage: bench/offsite.sh [MB (default 1024)]. Each timing is one run, caches warm. Ripcord's copy re-hashes the local
# artifact before upload (the catalog check) and sends an MD5 per part: both are in its time.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
mb="${1:-1024}"
# shellcheck source=/dev/null
source bin/engines/s3proxy.sh
export AWS_ACCESS_KEY_ID=$RIPCORD_TEST_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$RIPCORD_TEST_S3_SECRET_KEY \
    AWS_ENDPOINT_URL=$RIPCORD_TEST_S3_ENDPOINT AWS_REGION=$RIPCORD_TEST_S3_REGION AWS_DEFAULT_REGION=$RIPCORD_TEST_S3_REGION
bin/ripcord --version >/dev/null
work="$(pwd)/target/bench-offsite"; data="$work/big-$mb.bin"; out="$work/out"
export RIPCORD_HOME="$work/home"
mkdir -p "$work"
[ -f "$data" ] || head -c "$((mb * 1024 * 1024))" /dev/urandom >"$data"
bucket="bench-$(date +%s)"
aws --endpoint-url "$AWS_ENDPOINT_URL" s3 mb "s3://$bucket" >/dev/null
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s%N); awk -v n=$((t1 - t0)) 'BEGIN {printf "%.2f", n / 1e9}'; }
row() { printf '%-52s %9s %9s %8s  %s\n' "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN {printf "%.2f", a / b}')" "$4"; }
rb() { bin/ripcord run --no-plan bench/offsite.groovy -p file="$data" -p to="$out" -p repo="s3://$bucket/rip" -p mode="$1"; }

rm -rf "$out" "$RIPCORD_HOME"
rb backup >/dev/null
printf '%-52s %9s %9s %8s  %s\n' "what ($(du -h "$data" | cut -f1) artifact)" "ripcord s" "aws s" "ratio" "target"
aws_up=$(secs aws --endpoint-url "$AWS_ENDPOINT_URL" s3 cp "$data" "s3://$bucket/aws/big.bin")
rip_up=$(secs rb copy)
row "upload (copy vs aws s3 cp)" "$rip_up" "$aws_up" "<= 1.1"
aws_down=$(secs sh -c "aws --endpoint-url '$AWS_ENDPOINT_URL' s3 cp 's3://$bucket/aws/big.bin' '$work/down.bin' && sha256sum '$work/down.bin'")
rip_down=$(secs rb verify)
row "read back (verify from: repo vs aws s3 cp + sha256sum)" "$rip_down" "$aws_down" "<= 1.2"
# constant memory: the same copy with a 64 MB heap
aws --endpoint-url "$AWS_ENDPOINT_URL" s3 rm --recursive "s3://$bucket/rip" >/dev/null
RIPCORD_JAVA_OPTS=-Xmx64m rb copy >/dev/null && echo "copy with -Xmx64m: ok (heap does not grow with the artifact)" || echo "copy with -Xmx64m: FAILED"
rm -f "$work/down.bin"; rm -rf "$out"
