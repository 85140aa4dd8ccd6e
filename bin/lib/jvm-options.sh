# shellcheck shell=bash
# The JVM flags Ripcord starts with, shared by bin/ripcord (the source tree's launcher) and the installed launcher
# (bin/release copies this file into the archive beside it), so the two start the same way and measure the same.
# Source it, then: ripcord_archive JAVA BASE (sets jsa, record, use: the class-data archive BASE-jdkN.jsa, or on
# JDK 25+ the AOT cache BASE-jdkN.aot) and ripcord_jvm_flags ARGS... (sets opts and jit for that command line).

ripcord_archive() {
  local java="$1" base="$2" feature
  # The JDK's feature version, from its release file (starting a JVM to ask would cost what the archive saves).
  feature="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")/release" 2>/dev/null || true)"
  # An archive of what `plan` loads, made once per jar and JDK: start-up maps classes already parsed, verified (and on
  # JDK 25+, linked and profiled: the AOT cache) instead of unpacking them from the jar. bench/startup.sh measures it.
  # A stale archive is ignored by the JVM.
  if [ "${feature:-0}" -ge 25 ]; then
    jsa="$base-jdk$feature.aot"
    record=(-XX:AOTCacheOutput="$jsa.tmp")
    use=(-XX:AOTCache="$jsa")
  else
    jsa="$base${feature:+-jdk$feature}.jsa"
    record=(-XX:ArchiveClassesAtExit="$jsa.tmp")
    use=(-Xshare:auto -XX:SharedArchiveFile="$jsa")
  fi
}

# Commands that answer at once (check, plan, list, ...) start fastest with C1 only; run and resume may back up
# gigabytes, where C2 makes hashing and compression 2x faster (bench/backup.sh measured both), so they keep it. The
# REPL is C1 too: its first prompt (bench/repl.sh) matters more than the speed of a big backup typed at it. One C1
# thread, not two: on 2 cores the second one competed with the main thread and Groovy's warm-up (-7% on a plan).
# run/resume compile 3x later than the JVM's default (CompileThresholdScaling=3): code that runs once is not compiled
# with profiling for C2 that never comes (a one-step run 447 -> 368 ms), and the loops of a large backup still reach
# C2 (a 256 MB tree backup 6.5 -> 6.2 s, its verify 1.36 -> 1.31 s, a 470 MB SQLite backup unchanged).
#
# A `run` of a runbook whose last run here used less than a second of CPU starts like `plan` (C1 only): C2 had nothing to
# speed up there and its compiles cost such a run ~80 ms of its start (bench/startup.sh's one-step run). The JVM
# records that after each run (RIPCORD_JIT_MARK, a marker under $RIPCORD_HOME/cache/jit named after the runbook argument)
# and removes it when a C1 run used more than two seconds of CPU, so a runbook that starts moving data gets C2 back from its
# next run on. Only a matter of speed: both compile the same code.
ripcord_jvm_flags() {
  opts=(-XX:-UsePerfData -XX:+UseSerialGC)
  jit=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1)
  local arg command="" runbook="" skip=""
  for arg in "$@"; do
    if [ -n "$skip" ]; then skip=""; continue; fi
    case "$arg" in
      -p|--param|--params-file|--plan|--journal|--approve) [ -n "$command" ] && skip=1 ;;
      -*) ;;
      run|resume) if [ -z "$command" ]; then command="$arg"; jit=(-XX:CompileThresholdScaling=3); [ "$arg" = resume ] && break; else runbook="$arg"; break; fi ;;
      *) if [ -n "$command" ]; then runbook="$arg"; fi; break ;;
    esac
  done
  unset RIPCORD_JIT_MARK RIPCORD_JIT
  if [ "$command" = run ] && [ -n "$runbook" ]; then
    [ -e "$runbook" ] && [ "${runbook#/}" = "$runbook" ] && runbook="$PWD/$runbook"
    local name="${runbook//\//%}"
    if [ "${#name}" -le 200 ]; then
      export RIPCORD_JIT_MARK="${RIPCORD_HOME:-$HOME/.ripcord}/cache/jit/$name"
      if [ -f "$RIPCORD_JIT_MARK" ]; then
        jit=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1)
        export RIPCORD_JIT=quick
      else
        export RIPCORD_JIT=full
      fi
    fi
  fi
  if [ -f "$jsa" ]; then
    opts+=("${use[@]}")
  fi
}

# Records the archive by running a one-step runbook once, journaled (quietly, in a throw-away home): `run` checks it,
# prints its plan and runs it, so the archive holds what `plan` loads and what a journaled run adds (the journal's
# SQLite driver, the session, the executor); trained with `plan` alone, a one-step run loaded ~300 classes from the jar.
# A failure leaves no archive.
ripcord_train() {
  local java="$1" jar="$2" home
  home="$(mktemp -d)"
  printf '%s\n' "runbook 'ripcord/train', version: '1.0.0', {" "    param 'who', default: 'the archive'" \
    "    step 'greet', {" '        log "hello, ${params.who}"' "        sh 'true', timeout: 10.seconds" "    }" "}" > "$home/train.groovy"
  (cd "$home" && RIPCORD_HOME="$home/home" "$java" "${record[@]}" -XX:-UsePerfData -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -jar "$jar" run "$home/train.groovy" >/dev/null 2>&1) && mv -f "$jsa.tmp" "$jsa"
  rm -rf "$home" "$jsa.tmp" "$jsa.tmp.config"
}
