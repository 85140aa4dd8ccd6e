// command: check <FILE>
// exit: 2
// expect: error[UNKNOWN_VERB]: unknown verb 'shh' at UNKNOWN_VERB.groovy:5 — did you mean sh?
runbook 'problems/unknown-verb', version: '1.0.0', {
    step 'a', { shh 'echo hi' }
}
