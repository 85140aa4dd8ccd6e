// command: run --no-plan <FILE>
// exit: 65
// expect: error[MANIFEST_INVALID]: step 'verify' failed: verify: backup <ID> does not match the catalog: the manifest of backup <ID> cannot be read: <CWD>/backups/<ID>.sqlite.gz.manifest.json is not valid JSON (<ANY>); the backup was not used at MANIFEST_INVALID.groovy:9
runbook 'problems/manifest-invalid', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES (1), (2), (3);'" }
    step 'back up', { backup db, to: 'backups' }
    step 'break', { sh "for m in backups/*.manifest.json; do echo '{broken' > \"\$m\"; done" }
    step 'verify', { verify lastBackup(db) }
}
