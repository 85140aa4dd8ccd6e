// stdin: sh 'touch fixed'
// stdin: :retry
// stdin: :quit
// command: run --no-plan --repl-on-failure <FILE>
// exit: 6
// expect: error[PAUSED]: paused after step 'check'; the steps after it have not run
runbook 'problems/paused', version: '1.0.0', {
    step 'check', { sh 'test -f fixed' }
    step 'deploy', { sh 'echo deployed' }
}
