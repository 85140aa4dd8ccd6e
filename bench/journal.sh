#!/usr/bin/env bash
# Journal cost per verb call, with full durability, against bare fsyncs on the same disk. Usage: bench/journal.sh [CALLS]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
bin/ripcord --version >/dev/null   # builds the jar if needed
mkdir -p target
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp cli/target/ripcord.jar groovy.ui.GroovyMain bench/journal.groovy "${1:-300}" target
