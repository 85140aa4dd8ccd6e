// command: run --no-plan <FILE>
// exit: 65
// expect: error[VERIFICATION_FAILED]: step 'verify' failed: verify: backup <ID> failed verification: query SELECT COUNT(*) FROM users returned 3, which does not meet expect: { it > 1000 } at VERIFICATION_FAILED.groovy:8
runbook 'problems/verification-failed', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES (1), (2), (3);'" }
    step 'back up', { backup db, to: 'backups' }
    step 'verify', { verify lastBackup(db), query: 'SELECT COUNT(*) FROM users', expect: { it > 1000 } }
}
