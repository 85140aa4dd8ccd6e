// command: plan --jsno <FILE>
// exit: 2
// expect: error[INVALID_COMMAND_LINE]: Unknown option: '--jsno'
runbook 'problems/invalid-command-line', version: '1.0.0', {
    step 'a', { log 'hi' }
}
