// command: run --no-plan <FILE>
// exit: 1
// expect: error[STEP_FAILED]: step 'a' failed: sh: command exited with status 3: 'echo disk full >&2; exit 3'
runbook 'problems/step-failed', version: '1.0.0', {
    step 'a', { sh 'echo disk full >&2; exit 3' }
}
