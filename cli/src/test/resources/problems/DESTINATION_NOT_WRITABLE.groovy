// given: file afile: a file where the backup directory would be
// command: run --no-plan <FILE>
// exit: 73
// expect: error[DESTINATION_NOT_WRITABLE]: step 'back up' failed: backup: cannot write the backup of sqlite <CWD>/app.db to <CWD>/afile/backups: <CWD>/afile/backups: Not a directory at DESTINATION_NOT_WRITABLE.groovy:8
runbook 'problems/destination-not-writable', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES (1), (2), (3);'" }
    step 'back up', { backup db, to: 'afile/backups' }
}
