// command: check <FILE>
// exit: 2
// expect: error[MISPLACED_CALL]: verb 'sh' is outside a step at MISPLACED_CALL.groovy:5
runbook 'problems/misplaced-call', version: '1.0.0', {
    sh 'echo outside any step'
    step 'a', { log 'hi' }
}
