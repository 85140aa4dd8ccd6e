// command: check <FILE>
// exit: 2
// expect: error[UNKNOWN_ARGUMENT]: unknown argument 'timout' of sh at UNKNOWN_ARGUMENT.groovy:5 — did you mean timeout?
runbook 'problems/unknown-argument', version: '1.0.0', {
    step 'a', { sh 'echo hi', timout: 5.seconds }
}
