// command: check <FILE>
// exit: 2
// expect: error[DUPLICATE_STEP]: duplicate step name 'a' (first defined at line 5) at DUPLICATE_STEP.groovy:6
runbook 'problems/duplicate-step', version: '1.0.0', {
    step 'a', { log 'one' }
    step 'a', { log 'two' }
}
