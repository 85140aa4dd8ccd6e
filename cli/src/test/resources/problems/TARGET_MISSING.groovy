// command: run --no-plan <FILE>
// exit: 66
// expect: error[TARGET_MISSING]: step 'back up' failed: backup: sqlite <CWD>/app.db does not exist at TARGET_MISSING.groovy:6
runbook 'problems/target-missing', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'back up', { backup db, to: 'backups' }
}
