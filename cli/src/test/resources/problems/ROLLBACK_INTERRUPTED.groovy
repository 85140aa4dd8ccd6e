// command: run --no-plan <FILE>
// signal: INT once started exists
// exit: 7
// expect: error[ROLLBACK_INTERRUPTED]: interrupted during the rollback after step 'health' failed
runbook 'problems/rollback-interrupted', version: '1.0.0', {
    step 'deploy', {
        sh 'echo deployed'
        undo { sh 'touch started; sleep 60' }
    }
    step 'health', { sh 'test -f healthy' }
    rollbackIf { failed 'health' }
}
