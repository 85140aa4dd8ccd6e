// given: ripcord run --no-plan <FILE>
// given: edit test -f go => test -f ready
// command: resume <RUN>
// exit: 2
// expect: error[RUNBOOK_CHANGED]: runbook <CWD>/RUNBOOK_CHANGED.groovy changed since run <RUN> started: changed steps 'b'
runbook 'problems/runbook-changed', version: '1.0.0', {
    step 'a', { sh 'echo prepared' }
    step 'b', { sh 'test -f go' }
}
