// command: run --no-plan <FILE>
// exit: 75
// expect: error[TARGET_HELD]: step 'restore' failed: restore: guard: refusing to restore <ID> over <CWD>/app.db: it is in use by <ANY>; nothing was changed at TARGET_HELD.groovy:10
runbook 'problems/target-held', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES (1), (2), (3);'" }
    step 'back up', { backup db, to: 'backups' }
    // a writer keeps the database open for 30 seconds
    step 'hold', { sh 'setsid bash -c "exec 3<>app.db; exec sleep 30" </dev/null >/dev/null 2>&1 & echo $! > holder.pid' }
    step 'restore', { restore lastBackup(db) }
}
